//! Lookup tables over a loaded project: manuals by id, units by manual and code,
//! procedures, forms and guides by clave, glossary terms. Built once per check.

use std::collections::HashMap;

use crate::load::Project;
use crate::model::{Form, Guide, Manual, Procedure, Term, Unit};

pub struct Index<'p> {
    pub manuals: HashMap<&'p str, &'p Manual>,
    pub units: HashMap<(&'p str, &'p str), &'p Unit>,
    pub procedures: HashMap<&'p str, &'p Procedure>,
    pub forms: HashMap<&'p str, &'p Form>,
    pub guides: HashMap<&'p str, &'p Guide>,
    pub terms: HashMap<&'p str, &'p Term>,
}

impl<'p> Index<'p> {
    pub fn build(project: &'p Project) -> Index<'p> {
        let mut index = Index {
            manuals: HashMap::new(),
            units: HashMap::new(),
            procedures: HashMap::new(),
            forms: HashMap::new(),
            guides: HashMap::new(),
            terms: HashMap::new(),
        };
        for manual in &project.manuals {
            let id = manual.id.value.as_str();
            index.manuals.entry(id).or_insert(manual);
            for unit in &manual.units {
                index
                    .units
                    .entry((id, unit.code.value.as_str()))
                    .or_insert(unit);
            }
            for p in &manual.procedures {
                index.procedures.entry(p.code.value.as_str()).or_insert(p);
            }
            for f in &manual.forms {
                index.forms.entry(f.code.value.as_str()).or_insert(f);
            }
            for g in &manual.guides {
                index.guides.entry(g.code.value.as_str()).or_insert(g);
            }
        }
        for term in &project.glossary {
            index.terms.entry(term.term.value.as_str()).or_insert(term);
        }
        index
    }

    /// The unit codes of a manual, sorted, for "closest code" hints.
    pub fn unit_codes(&self, manual: &str) -> Vec<&'p str> {
        let mut codes: Vec<&str> = self
            .units
            .keys()
            .filter(|(m, _)| *m == manual)
            .map(|(_, c)| *c)
            .collect();
        codes.sort();
        codes
    }
}
