//! Start-up data: `Seed::Demo` (the provider app, an org app, Jane Cooper and a disabled user)
//! or `Seed::Empty`, plus the demo identifiers as constants for the app's demo mode and tests.

use crate::model::{App, User};
use crate::state::Tables;

/// What the simulator holds when it starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Seed {
    /// The demo provider app, an org app, Jane Cooper (enabled) and Robert Fox (disabled).
    #[default]
    Demo,
    /// Nothing: add apps and users through the handle.
    Empty,
}

/// Identifiers of the demo seed.
pub mod demo {
    /// Client ID of the provider's app (third-party, JWT grant on).
    pub const PROVIDER_CLIENT_ID: &str = "rc-demo-provider-app";
    /// Client secret of the provider's app (a simulated value, not a real secret).
    pub const PROVIDER_CLIENT_SECRET: &str = "rc-demo-provider-secret";
    /// Name of the provider's app as the console shows it.
    pub const PROVIDER_APP_NAME: &str = "Acme Analytics (demo)";
    /// Permissions of the provider's app.
    pub const PROVIDER_PERMISSIONS: [&str; 2] = ["ReadAccounts", "ReadCallLog"];
    /// Client ID of an app built by the customer's own organization.
    pub const ORG_CLIENT_ID: &str = "rc-demo-org-app";
    /// Client secret of the org app.
    pub const ORG_CLIENT_SECRET: &str = "rc-demo-org-secret";
    /// Account id of the demo customer.
    pub const ACCOUNT_ID: u64 = 809_646_016;
    /// Jane Cooper's extension id (signed in to the simulated console).
    pub const JANE_EXTENSION_ID: u64 = 809_647_016;
    /// Jane Cooper's extension number.
    pub const JANE_EXTENSION_NUMBER: &str = "101";
    /// Jane Cooper's name.
    pub const JANE_NAME: &str = "Jane Cooper";
    /// Jane Cooper's e-mail.
    pub const JANE_EMAIL: &str = "jane.cooper@cooperdental.example";
    /// The demo customer's company.
    pub const COMPANY: &str = "Cooper Dental LLC";
    /// Extension id of a disabled user (Robert Fox, ext 102).
    pub const DISABLED_EXTENSION_ID: u64 = 809_648_016;
}

pub(crate) fn apply(seed: Seed, tables: &mut Tables) {
    if seed == Seed::Empty {
        return;
    }
    tables.add_app(App {
        client_id: demo::PROVIDER_CLIENT_ID.to_owned(),
        client_secret: demo::PROVIDER_CLIENT_SECRET.to_owned(),
        name: demo::PROVIDER_APP_NAME.to_owned(),
        jwt_grant: true,
        permissions: demo::PROVIDER_PERMISSIONS.map(str::to_owned).to_vec(),
        org_app: false,
    });
    tables.add_app(App {
        client_id: demo::ORG_CLIENT_ID.to_owned(),
        client_secret: demo::ORG_CLIENT_SECRET.to_owned(),
        name: "Cooper Dental front desk".to_owned(),
        jwt_grant: true,
        permissions: vec!["ReadAccounts".to_owned()],
        org_app: true,
    });
    tables.add_user(User {
        extension_id: demo::JANE_EXTENSION_ID,
        account_id: demo::ACCOUNT_ID,
        extension_number: demo::JANE_EXTENSION_NUMBER.to_owned(),
        name: demo::JANE_NAME.to_owned(),
        email: Some(demo::JANE_EMAIL.to_owned()),
        company: Some(demo::COMPANY.to_owned()),
        enabled: true,
    });
    tables.add_user(User {
        extension_id: demo::DISABLED_EXTENSION_ID,
        account_id: demo::ACCOUNT_ID,
        extension_number: "102".to_owned(),
        name: "Robert Fox".to_owned(),
        email: Some("robert.fox@cooperdental.example".to_owned()),
        company: Some(demo::COMPANY.to_owned()),
        enabled: false,
    });
    tables.console_user = Some(demo::JANE_EXTENSION_ID);
}
