//! The simulated developer console: `GET /console/my-credentials/create?client_id=…` serves the
//! "Create JWT" form, `POST /console/my-credentials` adds/removes apps in the form (works without
//! JavaScript) or creates the credential for the signed-in demo user with exactly what was chosen,
//! then shows the JWT once. The pages are the templates of `html`, which escape every echoed
//! value.

use std::sync::Arc;

use askama::Template as _;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::header::{HeaderValue, CACHE_CONTROL, REFERRER_POLICY};
use axum::http::{HeaderName, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use time::macros::format_description;
use time::{Date, OffsetDateTime, Time};

use crate::faults::Endpoint;
use crate::form::Form;
use crate::html::{AppRow, CreateFormPage, CreatedPage};
use crate::model::{AllowedApps, CredentialSpec, Expiry, SigningAlgorithm, User};
use crate::state::{Shared, Tables};

/// Path of the form page (what the "Open the console" deep link points at).
pub(crate) const CREATE_PATH: &str = "/console/my-credentials/create";
/// Path the form posts to.
pub(crate) const SUBMIT_PATH: &str = "/console/my-credentials";

/// Most apps one credential may list.
const MAX_APPS: usize = 25;
/// Longest accepted label.
const MAX_LABEL_CHARS: usize = 100;

const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
form-action 'self'; base-uri 'none'";

/// "What apps are permitted to use this credential?"
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AppsChoice {
    All,
    Specific,
}

/// What the form currently holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct FormState {
    label: String,
    apps: Option<AppsChoice>,
    /// The Client ID text box (not yet added).
    pending_client_id: String,
    /// Apps already added to the table.
    added: Vec<String>,
    /// `YYYY-MM-DD` or empty.
    expires: String,
}

impl FormState {
    fn from_form(form: &Form) -> FormState {
        let mut added: Vec<String> = Vec::new();
        for id in form.all("client_id").map(str::trim) {
            if !id.is_empty() && !added.iter().any(|a| a == id) && added.len() < MAX_APPS {
                added.push(id.to_owned());
            }
        }
        FormState {
            label: form.get("label").unwrap_or_default().trim().to_owned(),
            apps: match form.get("apps") {
                Some("all") => Some(AppsChoice::All),
                Some("specific") => Some(AppsChoice::Specific),
                _ => None,
            },
            pending_client_id: form
                .get("client_id_input")
                .unwrap_or_default()
                .trim()
                .to_owned(),
            added,
            expires: form.get("expires").unwrap_or_default().trim().to_owned(),
        }
    }

    /// Moves the Client ID box into the table, if it names a known app.
    fn add_pending(&mut self, tables: &Tables) -> Result<(), String> {
        let id = std::mem::take(&mut self.pending_client_id);
        if id.is_empty() {
            return Err("Enter a client ID to add an app.".to_owned());
        }
        if !tables.apps.contains_key(&id) {
            let message = format!("No app found with client ID \u{201c}{id}\u{201d}.");
            self.pending_client_id = id;
            return Err(message);
        }
        if self.added.len() >= MAX_APPS {
            self.pending_client_id = id;
            return Err(format!("A credential can list at most {MAX_APPS} apps."));
        }
        if !self.added.contains(&id) {
            self.added.push(id);
        }
        Ok(())
    }
}

/// `GET /console/my-credentials/create`.
pub(crate) async fn create_page(
    State(shared): State<Arc<Shared>>,
    RawQuery(query): RawQuery,
) -> Response {
    shared.count(Endpoint::ConsolePage);
    let query = Form::parse(query.unwrap_or_default().as_bytes());
    let state = FormState {
        pending_client_id: query.non_blank("client_id").unwrap_or_default().to_owned(),
        ..FormState::default()
    };
    let tables = shared.tables();
    html_response(StatusCode::OK, render_form(&tables, &state, None))
}

/// `POST /console/my-credentials`.
pub(crate) async fn submit(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    shared.count(Endpoint::ConsoleSubmit);
    let form = Form::parse(&body);
    let mut state = FormState::from_form(&form);
    let tables = shared.tables();
    if let Some(removed) = form.get("remove") {
        state.added.retain(|id| id != removed);
        return html_response(StatusCode::OK, render_form(&tables, &state, None));
    }
    if form.get("action") != Some("create") {
        let error = state.add_pending(&tables).err();
        let status = if error.is_some() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        };
        return html_response(status, render_form(&tables, &state, error.as_deref()));
    }
    let spec = match validate(&tables, &mut state) {
        Ok(spec) => spec,
        Err(error) => {
            return html_response(
                StatusCode::BAD_REQUEST,
                render_form(&tables, &state, Some(&error)),
            )
        }
    };
    let owner = tables.users.get(&spec.owner_extension_id).cloned();
    drop(tables);
    let issued = shared.issue_credential(spec.clone(), SigningAlgorithm::Rs256);
    let html = render_created(owner.as_ref(), &state, &spec, &issued.jwt);
    let mut response = html_response(StatusCode::CREATED, html);
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Checks the submitted form and turns it into a credential for the signed-in user.
fn validate(tables: &Tables, state: &mut FormState) -> Result<CredentialSpec, String> {
    let owner = tables
        .console_user
        .ok_or("No user is signed in to the simulated console.")?;
    if state.label.is_empty() {
        return Err("Enter a label for this credential.".to_owned());
    }
    if state.label.chars().count() > MAX_LABEL_CHARS {
        return Err(format!(
            "The label can be at most {MAX_LABEL_CHARS} characters."
        ));
    }
    let allowed = match state.apps {
        None => return Err("Choose which apps are permitted to use this credential.".to_owned()),
        Some(AppsChoice::All) => AllowedApps::Org,
        Some(AppsChoice::Specific) => {
            if !state.pending_client_id.is_empty() {
                state.add_pending(tables)?;
            }
            if let Some(unknown) = state.added.iter().find(|id| !tables.apps.contains_key(*id)) {
                return Err(format!(
                    "No app found with client ID \u{201c}{unknown}\u{201d}."
                ));
            }
            if state.added.is_empty() {
                return Err("Add at least one app by its client ID.".to_owned());
            }
            AllowedApps::Only(state.added.clone())
        }
    };
    let expires = parse_expiry(&state.expires)?;
    Ok(CredentialSpec {
        owner_extension_id: owner,
        allowed,
        expires,
    })
}

/// The optional "Expiration Date (UTC)": a calendar date, today or later.
fn parse_expiry(text: &str) -> Result<Expiry, String> {
    if text.is_empty() {
        return Ok(Expiry::Never);
    }
    let date = Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map_err(|_| "Enter the expiration date as YYYY-MM-DD.".to_owned())?;
    if date < OffsetDateTime::now_utc().date() {
        return Err("Choose an expiration date that is today or later.".to_owned());
    }
    Ok(Expiry::At(date.with_time(Time::MIDNIGHT).assume_utc()))
}

fn html_response(status: StatusCode, html: Result<String, askama::Error>) -> Response {
    let Ok(html) = html else {
        // The templates only format strings and numbers; this cannot happen.
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut response = (status, Html(html)).into_response();
    let headers = response.headers_mut();
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        HeaderName::from_static("content-security-policy"),
        HeaderValue::from_static(CSP),
    );
    response
}

fn signed_in_label(user: &User) -> String {
    format!("{} · ext. {}", user.name, user.extension_number)
}

fn render_form(
    tables: &Tables,
    state: &FormState,
    error: Option<&str>,
) -> Result<String, askama::Error> {
    let user = tables.console_user.and_then(|id| tables.users.get(&id));
    let rows = state
        .added
        .iter()
        .map(|id| {
            let (name, provider) = tables.apps.get(id).map_or(("Unknown app", "—"), |record| {
                let provider = if record.app.org_app {
                    "Your organization"
                } else {
                    "Third-party developer"
                };
                (record.app.name.as_str(), provider)
            });
            AppRow {
                client_id: id,
                name,
                provider,
            }
        })
        .collect();
    CreateFormPage {
        title: "Create JWT",
        signed_in: user.map(signed_in_label),
        error,
        submit_path: SUBMIT_PATH,
        create_path: CREATE_PATH,
        max_label_chars: MAX_LABEL_CHARS,
        label: &state.label,
        all_checked: state.apps == Some(AppsChoice::All),
        specific_checked: state.apps == Some(AppsChoice::Specific),
        pending_client_id: &state.pending_client_id,
        rows,
        today: OffsetDateTime::now_utc().date().to_string(),
        expires: &state.expires,
    }
    .render()
}

fn render_created(
    owner: Option<&User>,
    state: &FormState,
    spec: &CredentialSpec,
    jwt: &str,
) -> Result<String, askama::Error> {
    let apps = match &spec.allowed {
        AllowedApps::Org => "All apps created by developers within my organization".to_owned(),
        AllowedApps::Only(ids) => format!("Only specific apps: {}", ids.join(", ")),
    };
    let expires = match spec.expires {
        Expiry::At(_) => format!("{} 23:59:59 UTC", state.expires),
        Expiry::Never | Expiry::Exp(_) => "Never".to_owned(),
    };
    let again = match &spec.allowed {
        AllowedApps::Only(ids) => ids.first().map_or_else(String::new, |id| {
            let encoded: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
            format!("?client_id={encoded}")
        }),
        AllowedApps::Org => String::new(),
    };
    CreatedPage {
        title: "JWT credential created",
        signed_in: owner.map(signed_in_label),
        create_path: CREATE_PATH,
        jwt,
        label: &state.label,
        apps: &apps,
        expires: &expires,
        again: &again,
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_accepts_today_and_later_only() {
        assert_eq!(parse_expiry(""), Ok(Expiry::Never));
        assert!(parse_expiry("2001-01-01").is_err());
        assert!(parse_expiry("not a date").is_err());
        let today = OffsetDateTime::now_utc().date();
        let Ok(Expiry::At(at)) = parse_expiry(&today.to_string()) else {
            panic!("today is accepted");
        };
        assert_eq!(at.date(), today);
    }

    #[test]
    fn form_state_dedupes_added_apps() {
        let form = Form::parse(b"client_id=a&client_id=a&client_id=b&apps=specific&label=+x+");
        let state = FormState::from_form(&form);
        assert_eq!(state.added, ["a", "b"]);
        assert_eq!(state.apps, Some(AppsChoice::Specific));
        assert_eq!(state.label, "x");
    }
}
