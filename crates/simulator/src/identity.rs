//! The bodies of the identity endpoints, field for field in RingCentral's order:
//! `extension/~` (who am I), `business-address` (company) and `account/~` (account info).

use serde::Serialize;

use crate::model::User;

/// `{"uri"}`.
#[derive(Serialize)]
struct Link {
    uri: String,
}

/// `{"enabled"}`.
#[derive(Serialize)]
struct Enabled {
    enabled: bool,
}

/// `contact` of `extension/~`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Contact<'a> {
    first_name: &'a str,
    last_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    business_phone: &'static str,
    email_as_login_name: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExtensionPermissions {
    admin: Enabled,
    international_calling: Enabled,
}

/// `account` of `extension/~` (its `id` is a string there).
#[derive(Serialize)]
struct AccountLink {
    uri: String,
    id: String,
}

/// `GET /restapi/v1.0/account/~/extension/~`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ExtensionBody<'a> {
    uri: String,
    id: u64,
    extension_number: &'a str,
    contact: Contact<'a>,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    setup_wizard_state: &'static str,
    permissions: ExtensionPermissions,
    profile_image: Link,
    account: AccountLink,
    hidden: bool,
}

#[derive(Serialize)]
struct Address {
    country: &'static str,
    state: &'static str,
    city: &'static str,
    street: &'static str,
    zip: &'static str,
}

/// `GET /restapi/v1.0/account/~/business-address`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BusinessAddressBody<'a> {
    uri: String,
    business_address: Address,
    #[serde(skip_serializing_if = "Option::is_none")]
    company: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    main_site_name: &'static str,
}

#[derive(Serialize)]
struct Brand {
    id: &'static str,
    name: &'static str,
}

#[derive(Serialize)]
struct ServicePlan {
    id: &'static str,
    name: &'static str,
    edition: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ServiceInfo {
    uri: String,
    brand: Brand,
    service_plan: ServicePlan,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Operator<'a> {
    uri: String,
    id: u64,
    extension_number: &'a str,
}

/// `GET /restapi/v1.0/account/~` (its `id` is a number here).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AccountBody<'a> {
    uri: String,
    id: u64,
    service_info: ServiceInfo,
    operator: Operator<'a>,
    main_number: &'static str,
    status: &'static str,
    setup_wizard_state: &'static str,
}

/// The demo company's main number.
pub(crate) const MAIN_NUMBER: &str = "+16505550100";

/// `{base}/restapi/v1.0/account/{accountId}`.
pub(crate) fn account_uri(base: &str, user: &User) -> String {
    format!("{base}/restapi/v1.0/account/{}", user.account_id)
}

pub(crate) fn extension_body<'a>(base: &str, user: &'a User) -> ExtensionBody<'a> {
    let account_uri = account_uri(base, user);
    let extension_uri = format!("{account_uri}/extension/{}", user.extension_id);
    let (first_name, last_name) = user
        .name
        .split_once(' ')
        .unwrap_or((user.name.as_str(), ""));
    ExtensionBody {
        profile_image: Link {
            uri: format!("{extension_uri}/profile-image"),
        },
        uri: extension_uri,
        id: user.extension_id,
        extension_number: &user.extension_number,
        contact: Contact {
            first_name,
            last_name,
            company: user.company.as_deref(),
            email: user.email.as_deref(),
            business_phone: MAIN_NUMBER,
            email_as_login_name: user.email.is_some(),
        },
        name: &user.name,
        kind: "User",
        status: if user.enabled { "Enabled" } else { "Disabled" },
        setup_wizard_state: "Completed",
        permissions: ExtensionPermissions {
            admin: Enabled { enabled: true },
            international_calling: Enabled { enabled: false },
        },
        account: AccountLink {
            uri: account_uri,
            id: user.account_id.to_string(),
        },
        hidden: false,
    }
}

pub(crate) fn business_address_body<'a>(base: &str, user: &'a User) -> BusinessAddressBody<'a> {
    BusinessAddressBody {
        uri: format!("{}/business-address", account_uri(base, user)),
        business_address: Address {
            country: "US",
            state: "CA",
            city: "San Francisco",
            street: "2 Market Street",
            zip: "94105",
        },
        company: user.company.as_deref(),
        email: user.email.as_deref(),
        main_site_name: "Main Site",
    }
}

pub(crate) fn account_body<'a>(base: &str, user: &'a User) -> AccountBody<'a> {
    let account_uri = account_uri(base, user);
    AccountBody {
        service_info: ServiceInfo {
            uri: format!("{account_uri}/service-info"),
            brand: Brand {
                id: "1210",
                name: "RingCentral",
            },
            service_plan: ServicePlan {
                id: "18716",
                name: "RingEX Standard",
                edition: "Standard",
            },
        },
        operator: Operator {
            uri: format!("{account_uri}/extension/{}", user.extension_id),
            id: user.extension_id,
            extension_number: &user.extension_number,
        },
        uri: account_uri,
        id: user.account_id,
        main_number: MAIN_NUMBER,
        status: "Confirmed",
        setup_wizard_state: "Completed",
    }
}
