//! "Services I use": the holder's word on each catalog service for one account — uses it, never
//! uses it, or has not said. A service the holder uses is not flagged for being new, only for
//! unusual amounts or rhythm; one they never use is flagged at first sight.

use serde::Serialize;

use super::{Session, SessionError};
use crate::review::ServiceLabel;

/// One catalog service and what the holder said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DeclaredService {
    /// The service.
    pub service: ServiceLabel,
    /// `true`: uses it; `false`: never uses it; `None`: has not said.
    pub uses: Option<bool>,
}

impl Session {
    /// Every catalog service, in catalog order, with what the holder said about it for the
    /// account `label`.
    pub fn declared(&self, label: &str) -> Result<Vec<DeclaredService>, SessionError> {
        let store = self.store.as_ref().ok_or(SessionError::NotOpen)?;
        let holder = store.holder(label)?;
        Ok(self
            .catalog
            .services()
            .iter()
            .map(|service| DeclaredService {
                uses: if holder.known.contains(&service.id) {
                    Some(true)
                } else if holder.never.contains(&service.id) {
                    Some(false)
                } else {
                    None
                },
                service: ServiceLabel::from(service),
            })
            .collect())
    }

    /// Records what the holder says about one service for the account; returns every service
    /// again. A service the catalog does not know is refused, not stored.
    pub fn declare(
        &mut self,
        label: &str,
        service: &str,
        uses: Option<bool>,
    ) -> Result<Vec<DeclaredService>, SessionError> {
        if self.catalog.service(service).is_none() {
            return Err(SessionError::UnknownService(service.to_owned()));
        }
        let store = self.store.as_mut().ok_or(SessionError::NotOpen)?;
        store.declare(label, service, uses)?;
        self.declared(label)
    }
}
