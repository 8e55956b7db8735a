//! The typed settings a load produced, one value per domain that loaded
//! without errors, looked up by type: the engine has no slot per domain,
//! so a service adds domains without touching it.

use super::Domain;
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::any::{Any, TypeId};
use std::fmt;

/// One loaded domain, type-erased.
trait Stored: Any + Send + Sync {
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
    fn clone_box(&self) -> Box<dyn Stored>;
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn to_json(&self) -> serde_json::Value;
}

impl<D: Domain> Stored for D {
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
    fn clone_box(&self) -> Box<dyn Stored> {
        Box::new(self.clone())
    }
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
    fn to_json(&self) -> serde_json::Value {
        // Secrets serialize as their mask (`Secret`'s own `Serialize`).
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

struct Slot {
    name: &'static str,
    type_id: TypeId,
    value: Box<dyn Stored>,
}

impl Clone for Slot {
    fn clone(&self) -> Self {
        Self {
            name: self.name,
            type_id: self.type_id,
            value: self.value.clone_box(),
        }
    }
}

/// The typed settings of every loaded domain.
///
/// ```
/// use config_core::settings::{load, Component};
/// use config_core::settings::ktrdr::{database::DatabaseSettings, ib::IbSettings};
/// use config_core::source::env::Sources;
/// let report = load(Component::Worker, &Sources::new());
/// assert_eq!(report.settings.get::<DatabaseSettings>().unwrap().port, 5432);
/// assert!(report.settings.get::<IbSettings>().is_none()); // not a worker domain
/// ```
#[derive(Clone, Default)]
pub struct Settings {
    // A handful of domains: a vector beats a map.
    slots: Vec<Slot>,
}

impl Settings {
    /// The loaded value of domain `D`, if it loaded without errors.
    pub fn get<D: Domain>(&self) -> Option<&D> {
        self.slot::<D>()
            .and_then(|slot| slot.value.as_any().downcast_ref())
    }

    /// Mutable access to domain `D`'s value.
    pub fn get_mut<D: Domain>(&mut self) -> Option<&mut D> {
        let id = TypeId::of::<D>();
        self.slots
            .iter_mut()
            .find(|slot| slot.type_id == id)
            .and_then(|slot| slot.value.as_any_mut().downcast_mut())
    }

    /// Stores domain `D`'s value, replacing an earlier one.
    pub fn insert<D: Domain>(&mut self, value: D) {
        self.remove::<D>();
        self.slots.push(Slot {
            name: D::NAME,
            type_id: TypeId::of::<D>(),
            value: Box::new(value),
        });
    }

    /// Removes and returns domain `D`'s value.
    pub fn remove<D: Domain>(&mut self) -> Option<D> {
        let id = TypeId::of::<D>();
        let index = self.slots.iter().position(|slot| slot.type_id == id)?;
        let slot = self.slots.remove(index);
        slot.value.into_any().downcast().ok().map(|b| *b)
    }

    /// Whether domain `D` loaded.
    pub fn contains<D: Domain>(&self) -> bool {
        self.slot::<D>().is_some()
    }

    /// The keys of the loaded domains.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.slots.iter().map(|slot| slot.name)
    }

    fn slot<D: Domain>(&self) -> Option<&Slot> {
        let id = TypeId::of::<D>();
        self.slots.iter().find(|slot| slot.type_id == id)
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Entry<'a>(&'a dyn Stored);
        impl fmt::Debug for Entry<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.debug(f)
            }
        }
        let mut map = f.debug_map();
        for slot in &self.slots {
            map.entry(&slot.name, &Entry(slot.value.as_ref()));
        }
        map.finish()
    }
}

/// `{DOMAIN: {FIELD: value}}`, secrets masked.
impl Serialize for Settings {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.slots.len()))?;
        for slot in &self.slots {
            map.serialize_entry(slot.name, &slot.value.to_json())?;
        }
        map.end()
    }
}
