//! The verification engine: local inspection, then the jwt-bearer exchange, then identity, company
//! and the profile's permission probes fetched together, a permission check, and a revoke of the
//! session off the critical path.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tokio::task::JoinHandle;

pub use crate::ringcentral::{HttpOptions as VerifierOptions, RingCentralDetails};

use crate::error::ErrorKind;
use crate::inspect::{inspect, CredentialFacts, InspectContext, PasteNote, Verdict};
use crate::profile::Profile;
use crate::ringcentral::{permission_named_in, RingCentralClient, RingCentralError};
use crate::secret::SecretString;

/// Where verification is; reported through the progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Looking at the paste locally.
    Inspecting,
    /// Exchanging the JWT for a session.
    Exchanging,
    /// Fetching the user and company.
    FetchingIdentity,
    /// Ending the session (in the background).
    Revoking,
    /// Finished.
    Done,
}

/// Whose RingCentral account the credential connects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Account id.
    pub account_id: String,
    /// Extension (user) id.
    pub extension_id: String,
    /// Short extension number, e.g. "101" (empty when RingCentral gives none).
    pub extension_number: String,
    /// The user's name.
    pub name: String,
    /// The user's e-mail.
    pub email: Option<String>,
    /// The company name.
    pub company: Option<String>,
}

/// A verified credential.
#[derive(Debug)]
pub struct Verification {
    /// Whose account it connects.
    pub identity: Identity,
    /// Permissions the provider app's token carries.
    pub permissions: Vec<String>,
    /// Required permissions the token lacks (always empty here: a gap is an error).
    pub missing_permissions: Vec<String>,
    /// Safe facts about the credential.
    pub credential: CredentialFacts,
    /// When the credential expires; `None` when it never does.
    pub expires_at: Option<OffsetDateTime>,
    /// It expires within a week.
    pub expires_soon: bool,
    /// What normalisation removed from the paste.
    pub notes: Vec<PasteNote>,
    /// `RCRequestId` of every response, in order.
    pub request_ids: Vec<String>,
    /// The session revoke, running in the background.
    pub revoke: RevokeTask,
}

impl Verification {
    /// "expires in N days" when the credential expires within a week.
    pub fn expiry_warning(&self) -> Option<String> {
        let verdict = Verdict::Plausible {
            expires_at: self.expires_at,
            expires_soon: self.expires_soon,
            facts: Box::new(self.credential.clone()),
        };
        verdict.warning(OffsetDateTime::now_utc())
    }
}

/// The background revoke of the verification session. Drop it to let it run on its own (GUI);
/// await [`RevokeTask::finish`] to wait for it (CLI).
pub struct RevokeTask {
    handle: JoinHandle<Result<Option<String>, RingCentralError>>,
}

impl std::fmt::Debug for RevokeTask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevokeTask")
            .field("finished", &self.handle.is_finished())
            .finish()
    }
}

impl RevokeTask {
    /// Waits for the revoke to finish.
    pub async fn finish(self) -> Result<(), VerifyError> {
        match self.handle.await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(source)) => Err(VerifyError::RingCentral {
                source: Box::new(source),
                request_ids: Vec::new(),
            }),
            Err(join) => Err(VerifyError::Internal {
                problem: if join.is_panic() {
                    "the revoke task panicked"
                } else {
                    "the revoke task was cancelled"
                },
            }),
        }
    }

    /// Whether it has finished.
    pub fn is_finished(&self) -> bool {
        self.handle.is_finished()
    }
}

/// Why a credential could not be verified. Display never includes the JWT or any secret.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// Local inspection found a problem; no network request was made.
    #[error("{}", .verdict.message())]
    Inspection {
        /// What the paste is.
        verdict: Verdict,
        /// What normalisation removed.
        notes: Vec<PasteNote>,
    },
    /// RingCentral refused, could not be reached, or answered something unusable.
    #[error("{source}")]
    RingCentral {
        /// The cause.
        #[source]
        source: Box<RingCentralError>,
        /// `RCRequestId`s of the responses so far.
        request_ids: Vec<String>,
    },
    /// The credential works but the provider's app lacks permissions.
    #[error("the provider's RingCentral app lacks the permission(s) {}", .0.missing.join(", "))]
    MissingPermissions(Box<MissingPermissions>),
    /// Something inside the engine failed.
    #[error("internal error: {problem}")]
    Internal {
        /// What.
        problem: &'static str,
    },
}

impl VerifyError {
    /// The stable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            VerifyError::Inspection { verdict, .. } => {
                verdict.kind().unwrap_or(ErrorKind::Unexpected)
            }
            VerifyError::RingCentral { source, .. } => source.kind(),
            VerifyError::MissingPermissions(_) => ErrorKind::MissingPermissions,
            VerifyError::Internal { .. } => ErrorKind::Unexpected,
        }
    }

    /// What happened and what to do next, for a person.
    pub fn message(&self) -> String {
        match self {
            VerifyError::Inspection { verdict, .. } => verdict.message(),
            VerifyError::MissingPermissions(gap) => format!(
                "The provider's RingCentral app lacks the permission{} {}. This is not something you \
                 can fix: please contact the provider's support.",
                if gap.missing.len() == 1 { "" } else { "s" },
                gap.missing.join(", ")
            ),
            VerifyError::RingCentral { source, .. } => match (source.kind(), source.as_ref()) {
                (ErrorKind::RateLimited, _) => format!(
                    "RingCentral is limiting how often we can check credentials. Wait {} seconds, \
                     then try again.",
                    self.retry_after_s().unwrap_or(crate::ringcentral::DEFAULT_RETRY_AFTER_S)
                ),
                (ErrorKind::UserPermissionMissing, source) => {
                    user_permission_message(source.description().and_then(permission_named_in))
                }
                (ErrorKind::Unavailable, RingCentralError::Timeout { timeout, .. }) => format!(
                    "RingCentral did not answer within {} seconds. Check your internet connection \
                     and try again.",
                    timeout.as_secs().max(1)
                ),
                (kind, _) => kind.message().to_owned(),
            },
            VerifyError::Internal { .. } => ErrorKind::Unexpected.message().to_owned(),
        }
    }

    /// Seconds to wait before trying again.
    pub fn retry_after_s(&self) -> Option<u64> {
        match self {
            VerifyError::RingCentral { source, .. } => source.retry_after_s(),
            _ => None,
        }
    }

    /// Required permissions the provider app lacks.
    pub fn missing_permissions(&self) -> &[String] {
        match self {
            VerifyError::MissingPermissions(gap) => &gap.missing,
            _ => &[],
        }
    }

    /// What RingCentral said, when it answered.
    pub fn ringcentral(&self) -> Option<RingCentralDetails> {
        match self {
            VerifyError::RingCentral { source, .. } => source.details().cloned(),
            VerifyError::MissingPermissions(gap) => gap.details.clone(),
            _ => None,
        }
    }

    /// The user, when known (missing permissions only).
    pub fn identity(&self) -> Option<&Identity> {
        match self {
            VerifyError::MissingPermissions(gap) => gap.identity.as_ref(),
            _ => None,
        }
    }

    /// `RCRequestId`s of the responses, for support.
    pub fn request_ids(&self) -> &[String] {
        match self {
            VerifyError::RingCentral { request_ids, .. } => request_ids,
            VerifyError::MissingPermissions(gap) => &gap.request_ids,
            _ => &[],
        }
    }

    /// Whether the error arose before any network request.
    pub fn is_local(&self) -> bool {
        matches!(self, VerifyError::Inspection { .. })
    }
}

/// The message for [`ErrorKind::UserPermissionMissing`], naming the permission when RingCentral did.
fn user_permission_message(permission: Option<String>) -> String {
    match permission {
        Some(name) => format!(
            "The RingCentral user who created this credential lacks the {name} permission the \
             provider's app needs (their role does not allow it). Ask your RingCentral \
             administrator to give that user a role with {name}, or create the credential as a \
             user who has it."
        ),
        None => ErrorKind::UserPermissionMissing.message().to_owned(),
    }
}

/// A credential that works with an app that lacks required permissions.
#[derive(Debug, Clone)]
pub struct MissingPermissions {
    /// Required permissions the app lacks.
    pub missing: Vec<String>,
    /// Permissions the app's token carries.
    pub permissions: Vec<String>,
    /// The user, when the lookup was allowed.
    pub identity: Option<Identity>,
    /// Safe facts about the credential.
    pub credential: CredentialFacts,
    /// RingCentral's refusal of the user lookup (403 CMN-401), when that is how we learnt it.
    pub details: Option<RingCentralDetails>,
    /// `RCRequestId`s of the responses.
    pub request_ids: Vec<String>,
}

/// Runs verifications with one reused HTTP client.
#[derive(Debug, Clone)]
pub struct Verifier {
    client: RingCentralClient,
}

impl Verifier {
    /// Builds the verifier and its HTTP client.
    pub fn new(options: VerifierOptions) -> Result<Verifier, VerifyError> {
        let client =
            RingCentralClient::new(options).map_err(|source| VerifyError::RingCentral {
                source: Box::new(source),
                request_ids: Vec::new(),
            })?;
        Ok(Verifier { client })
    }

    /// The underlying RingCentral client.
    pub fn client(&self) -> &RingCentralClient {
        &self.client
    }

    /// Verifies the pasted `jwt` against the profile's RingCentral app. Must run inside a tokio
    /// runtime (the revoke is spawned onto it). `progress` sees each stage, and `Done` last
    /// whatever the outcome.
    pub async fn verify(
        &self,
        profile: &Profile,
        client_secret: &SecretString,
        jwt: &SecretString,
        progress: &(dyn Fn(Stage) + Send + Sync),
    ) -> Result<Verification, VerifyError> {
        let outcome = self.run(profile, client_secret, jwt, progress).await;
        progress(Stage::Done);
        outcome
    }

    async fn run(
        &self,
        profile: &Profile,
        client_secret: &SecretString,
        jwt: &SecretString,
        progress: &(dyn Fn(Stage) + Send + Sync),
    ) -> Result<Verification, VerifyError> {
        progress(Stage::Inspecting);
        let now = OffsetDateTime::now_utc();
        let inspection = inspect(
            jwt.expose_secret(),
            &InspectContext::new(profile, Some(client_secret), now),
        );
        let (expires_at, expires_soon, credential) = match &inspection.verdict {
            Verdict::Plausible {
                expires_at,
                expires_soon,
                facts,
            } => (*expires_at, *expires_soon, facts.as_ref().clone()),
            _ => {
                return Err(VerifyError::Inspection {
                    verdict: inspection.verdict,
                    notes: inspection.notes,
                })
            }
        };
        let notes = inspection.notes.clone();
        let Some(jwt) = inspection.into_jwt() else {
            return Err(VerifyError::Internal {
                problem: "a plausible inspection lost its JWT",
            });
        };

        let server = &profile.ringcentral.server;
        let client_id = profile.ringcentral.client_id.as_str();
        let mut request_ids = Vec::new();

        progress(Stage::Exchanging);
        let grant = match self
            .client
            .exchange_jwt(server, client_id, client_secret, &jwt)
            .await
        {
            Ok(grant) => grant,
            Err(source) => {
                request_ids.extend(source.details().and_then(|d| d.request_id.clone()));
                return Err(VerifyError::RingCentral {
                    source: Box::new(source),
                    request_ids,
                });
            }
        };
        drop(jwt);
        request_ids.extend(grant.request_id.clone());

        progress(Stage::FetchingIdentity);
        let (extension, address, probes) = tokio::join!(
            self.client.extension(server, &grant.access_token),
            self.client.business_address(server, &grant.access_token),
            self.probe_permissions(profile, &grant.access_token),
        );

        progress(Stage::Revoking);
        let revoke = self.spawn_revoke(profile, client_secret, grant.access_token);

        let permissions = grant.scope.clone().unwrap_or_default();
        let mut missing: Vec<String> = match &grant.scope {
            Some(scope) => profile
                .ringcentral
                .required_permissions
                .iter()
                .filter(|p| !scope.iter().any(|s| s.eq_ignore_ascii_case(p)))
                .cloned()
                .collect(),
            None => Vec::new(),
        };

        let extension = match extension {
            Ok(extension) => {
                request_ids.extend(extension.request_id.clone());
                extension
            }
            Err(source) => {
                request_ids.extend(source.details().and_then(|d| d.request_id.clone()));
                let _ = revoke.finish().await;
                if source.kind() == ErrorKind::MissingPermissions {
                    if !missing
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case("ReadAccounts"))
                    {
                        missing.push("ReadAccounts".to_owned());
                    }
                    return Err(VerifyError::MissingPermissions(Box::new(
                        MissingPermissions {
                            missing,
                            permissions,
                            identity: None,
                            credential,
                            details: source.details().cloned(),
                            request_ids,
                        },
                    )));
                }
                return Err(VerifyError::RingCentral {
                    source: Box::new(source),
                    request_ids,
                });
            }
        };
        // The company lookup is best effort: the contact record's company is the fallback.
        let address = match address {
            Ok(address) => {
                request_ids.extend(address.request_id.clone());
                Some(address)
            }
            Err(source) => {
                request_ids.extend(source.details().and_then(|d| d.request_id.clone()));
                None
            }
        };

        let account_id = extension
            .account_id
            .clone()
            .or_else(|| address.as_ref().and_then(|a| a.account_id.clone()));
        let Some(account_id) = account_id else {
            let _ = revoke.finish().await;
            return Err(VerifyError::RingCentral {
                source: Box::new(RingCentralError::BadResponse {
                    endpoint: crate::ringcentral::Endpoint::Extension,
                    details: RingCentralDetails {
                        status: 200,
                        error: None,
                        code: None,
                        request_id: extension.request_id.clone(),
                        message: None,
                    },
                    problem: "there is no account id",
                }),
                request_ids,
            });
        };
        let extension_number = extension.extension_number.clone().unwrap_or_default();
        let identity = Identity {
            account_id,
            name: extension.name.clone().unwrap_or_else(|| {
                if extension_number.is_empty() {
                    format!("Extension {}", extension.extension_id)
                } else {
                    format!("Extension {extension_number}")
                }
            }),
            extension_id: extension.extension_id,
            extension_number,
            email: extension.email,
            company: address
                .and_then(|a| a.company)
                .or(extension.contact_company),
        };

        if !missing.is_empty() {
            let _ = revoke.finish().await;
            return Err(VerifyError::MissingPermissions(Box::new(
                MissingPermissions {
                    missing,
                    permissions,
                    identity: Some(identity),
                    credential,
                    details: None,
                    request_ids,
                },
            )));
        }
        match probes {
            Ok(ids) => request_ids.extend(ids),
            Err(source) => {
                request_ids.extend(source.details().and_then(|d| d.request_id.clone()));
                let _ = revoke.finish().await;
                return Err(VerifyError::RingCentral {
                    source: Box::new(source),
                    request_ids,
                });
            }
        }

        Ok(Verification {
            identity,
            permissions,
            missing_permissions: Vec::new(),
            credential,
            expires_at,
            expires_soon,
            notes,
            request_ids,
            revoke,
        })
    }

    /// Calls the profile's permission probes one after the other with the access token; the first
    /// refusal ends it. Returns the `RCRequestId`s.
    async fn probe_permissions(
        &self,
        profile: &Profile,
        access_token: &SecretString,
    ) -> Result<Vec<String>, RingCentralError> {
        let server = &profile.ringcentral.server;
        let mut request_ids = Vec::new();
        for path in &profile.ringcentral.permission_probes {
            let id = self.client.probe(server, path, access_token).await?;
            request_ids.extend(id);
        }
        Ok(request_ids)
    }

    fn spawn_revoke(
        &self,
        profile: &Profile,
        client_secret: &SecretString,
        access_token: SecretString,
    ) -> RevokeTask {
        let client = self.client.clone();
        let server = profile.ringcentral.server.clone();
        let client_id = profile.ringcentral.client_id.clone();
        let client_secret = client_secret.clone();
        let handle = tokio::spawn(async move {
            client
                .revoke(&server, &client_id, &client_secret, &access_token)
                .await
        });
        RevokeTask { handle }
    }
}
