//! Synthetic data at the scale of the Summit's whole registry (thousands of commitments from
//! hundreds of organisations, tens of thousands of reports), for benchmarks. Deterministic:
//! the same seed gives the same data.

use serde::Serialize;

use crate::domain::framework::WHS;
use crate::domain::{time, Actor, CategoryLink, CommitmentInput, ReportInput, ReviewState};
use crate::error::Error;
use crate::services::{commitments, reports};
use crate::store::{self, Store};

/// How much to generate.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub commitments: u32,
    pub organisations: u32,
    pub reports: u32,
    pub years: u32,
    /// Characters of narrative per report (achievements, challenges, next steps together).
    pub narrative_chars: usize,
    pub seed: u64,
}

/// What was generated.
#[derive(Debug, Clone, Serialize)]
pub struct Generated {
    pub commitments: u32,
    pub reports: u32,
    pub revisions: u32,
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64: good enough spread, no dependency.
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const WORDS: &[&str] = &[
    "displacement",
    "tracking",
    "matrix",
    "shelter",
    "protection",
    "gender",
    "resilience",
    "communities",
    "migrants",
    "livelihoods",
    "preparedness",
    "recovery",
    "coordination",
    "assessment",
    "training",
    "partners",
    "districts",
    "evacuation",
    "relocation",
    "cash",
    "déplacement",
    "réfugiés",
    "sécurité",
    "santé",
    "éducation",
    "données",
    "régions",
    "desplazamiento",
    "niñas",
    "niños",
    "protección",
    "capacitación",
    "población",
    "región",
    "local",
    "national",
    "government",
    "authorities",
    "survivors",
    "referral",
    "pathways",
    "monitoring",
    "indicators",
    "funding",
    "multi-year",
    "policy",
    "guidance",
    "field",
    "emergency",
    "response",
    "early",
    "warning",
    "climate",
    "disaster",
    "risk",
    "camp",
    "governance",
    "participation",
    "women",
    "youth",
    "accountability",
    "feedback",
];

fn words(rng: &mut Rng, chars: usize) -> String {
    let mut s = String::with_capacity(chars + 16);
    let mut sentence = 0;
    while s.len() < chars {
        let w = WORDS[rng.below(WORDS.len() as u64) as usize];
        if sentence == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
        sentence += 1;
        if sentence > 8 + rng.below(10) as usize {
            s.push_str(". ");
            sentence = 0;
        }
    }
    s.push('.');
    s
}

/// Chinese words of the same field (migrants, displacement, data, shelter, protection, …):
/// the reports of one organisation in [`CHINESE_EVERY`] are also written in Chinese, whose
/// sentences have no spaces (search finds these words through the trigram index).
const CHINESE: &[&str] = &[
    "移民",
    "流离失所",
    "数据",
    "庇护所",
    "保护",
    "社区",
    "培训",
    "合作伙伴",
    "疏散",
    "灾害",
    "风险",
    "气候",
    "难民",
    "妇女",
    "青年",
    "监测",
    "国际移民组织",
    "协调",
    "评估",
    "恢复",
    "应急",
    "生计",
    "政府",
    "地方",
    "已经",
    "完成",
    "支持",
    "系统",
];

/// One organisation in this many writes its reports in Chinese too.
pub const CHINESE_EVERY: usize = 20;

fn chinese(rng: &mut Rng, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 32);
    let mut sentence = 0;
    while s.len() < bytes {
        s.push_str(CHINESE[rng.below(CHINESE.len() as u64) as usize]);
        sentence += 1;
        if sentence > 6 + rng.below(8) as usize {
            s.push('。');
            sentence = 0;
        }
    }
    s.push('。');
    s
}

const STATUSES: [&str; 6] = [
    "Not started",
    "In progress",
    "Substantial progress",
    "Completed",
    "Discontinued",
    "No update",
];
const TYPES: [&str; 4] = ["Operational", "Policy", "Advocacy", "Financial"];
const CODES: [&[&str]; 5] = [
    &["1A", "1B", "1C", "1D"],
    &["2A", "2B", "2C", "2D", "2E"],
    &["3A", "3B", "3C", "3D", "3E", "3F", "3G"],
    &["4A", "4B", "4C"],
    &["5A", "5B", "5C", "5D", "5E"],
];

/// Fills an empty database (one transaction) with synthetic organisations, commitments,
/// reports in every review state, revisions and audit entries.
pub fn generate(store: &Store, scale: Scale) -> Result<Generated, Error> {
    let mut rng = Rng(scale.seed);
    // Its own stream, so that adding Chinese left the rest of the data as it was.
    let mut zh = Rng(scale.seed ^ 0x7A68);
    let actor = Actor::new("Generator");
    let coordinator = Actor::coordinator("Generator Coordinator");
    store.write(|tx| {
        if !store::export::is_empty(tx)? {
            return Err(Error::validation(
                "db",
                "generate into an empty database (use --no-seed)",
            ));
        }
        let now = time::now();
        let orgs: Vec<String> = (0..scale.organisations.max(1))
            .map(|k| {
                let code = format!("ORG{k:03}");
                store::organisations::insert(
                    tx,
                    &store::new_id(),
                    &code,
                    &format!("Organisation {k}"),
                    &now,
                )?;
                Ok(code)
            })
            .collect::<Result<_, Error>>()?;
        let mut ids = Vec::with_capacity(scale.commitments as usize);
        for i in 0..scale.commitments {
            let org = &orgs[(i as usize) % orgs.len()];
            let cr1 = 1 + rng.below(5) as u8;
            let mut crs = vec![cr1];
            if rng.below(5) == 0 {
                let cr2 = 1 + rng.below(5) as u8;
                if cr2 != cr1 {
                    crs.push(cr2);
                }
            }
            let transformations: Vec<CategoryLink> = crs
                .iter()
                .map(|cr| {
                    let codes = CODES[(*cr - 1) as usize];
                    CategoryLink {
                        code: codes[rng.below(codes.len() as u64) as usize].to_owned(),
                        inferred: rng.below(10) == 0,
                    }
                })
                .collect();
            let input = CommitmentInput {
                organisation: Some(org.clone()),
                framework: Some(WHS.to_owned()),
                commitment_id: format!("{}", 100_000 + i),
                title: String::new(),
                kind: TYPES[rng.below(4) as usize].to_owned(),
                description: format!("{} commits to {}", org, words(&mut rng, 200)),
                categories: crs
                    .iter()
                    .map(|n| CategoryLink::stated(&n.to_string()))
                    .chain(transformations)
                    .collect(),
                tags: Vec::new(),
            };
            ids.push(commitments::create_tx(tx, &actor, &input)?);
        }
        let years = scale.years.max(1);
        let slots = u64::from(scale.commitments) * u64::from(years);
        let (mut made, mut revisions) = (0u32, 0u32);
        let third = scale.narrative_chars / 3;
        for (n, c) in ids.iter().enumerate() {
            for y in 0..years {
                let slot = n as u64 * u64::from(years) + u64::from(y);
                // Spread `reports` evenly over the commitment × year slots.
                let due = (slot + 1) * u64::from(scale.reports) / slots.max(1);
                if u64::from(made) >= due {
                    continue;
                }
                let status = STATUSES[rng.below(6) as usize].to_owned();
                let mut achievements = words(&mut rng, third * 2);
                if (n % orgs.len()) % CHINESE_EVERY == 0 {
                    achievements = format!("{}\n\n{achievements}", chinese(&mut zh, third));
                }
                let input = ReportInput {
                    status,
                    achievements,
                    challenges: words(&mut rng, third / 2),
                    next_steps: words(&mut rng, third / 2),
                    evidence: vec![],
                    progress: Some(rng.below(101) as u8),
                    tags: vec![WORDS[rng.below(WORDS.len() as u64) as usize].to_owned()],
                };
                let mut r =
                    reports::create_tx(tx, &actor, "generator", c, 2016 + y as i32, &input)?;
                made += 1;
                revisions += 1;
                if rng.below(10) < 3 {
                    r = reports::update_tx(tx, &actor, "generator", &r.id, r.version, &input)?;
                    revisions += 1;
                }
                let state = match rng.below(10) {
                    0..=4 => ReviewState::Approved,
                    5 | 6 => ReviewState::Submitted,
                    7 => ReviewState::Returned,
                    _ => ReviewState::Draft,
                };
                if state != ReviewState::Draft {
                    store::reports::set_state(
                        tx,
                        &r.id,
                        r.version,
                        state,
                        &coordinator.name,
                        &now,
                    )?;
                    store::revisions::insert_event(
                        tx,
                        &store::new_id(),
                        &r.id,
                        ReviewState::Draft,
                        state,
                        &coordinator,
                        None,
                        &now,
                    )?;
                }
            }
        }
        Ok(Generated {
            commitments: scale.commitments,
            reports: made,
            revisions,
        })
    })
}
