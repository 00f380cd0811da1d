//! Slowing down password guessing, in memory: per account (the e-mail typed, known or not, so
//! the throttle tells nothing about which accounts exist) and per client address. A restart
//! forgets it, which costs an attacker a restart's worth of guesses at most.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};

use crate::error::Error;

/// Failures are counted over this window: a quiet spell this long forgets them.
pub const WINDOW_MINUTES: i64 = 15;

/// Failed sign-ins an account is allowed in the window before it must wait.
pub const ACCOUNT_FAILURES: u32 = 5;

/// The first wait of an account past [`ACCOUNT_FAILURES`]; each further failure doubles it, up
/// to the window.
pub const ACCOUNT_FIRST_WAIT_SECS: i64 = 30;

/// Failed sign-ins one address is allowed in the window (more than an account's: an office
/// behind one address has many people); then it waits the window out.
pub const ADDRESS_FAILURES: u32 = 20;

/// Past this many remembered keys, forgotten ones are dropped (a flood of made-up e-mails
/// cannot grow memory without end).
const PRUNE_ABOVE: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: DateTime<Utc>,
}

/// How long a key with `count` failures waits after its last one.
type WaitRule = fn(u32) -> Duration;

fn window() -> Duration {
    Duration::minutes(WINDOW_MINUTES)
}

fn account_wait(count: u32) -> Duration {
    if count < ACCOUNT_FAILURES {
        return Duration::zero();
    }
    let doublings = (count - ACCOUNT_FAILURES).min(10);
    (Duration::seconds(ACCOUNT_FIRST_WAIT_SECS) * 2i32.pow(doublings)).min(window())
}

fn address_wait(count: u32) -> Duration {
    if count < ADDRESS_FAILURES {
        Duration::zero()
    } else {
        window()
    }
}

impl Failures {
    fn until(&self, wait: WaitRule) -> DateTime<Utc> {
        self.last + wait(self.count)
    }

    /// Forgotten: no failure for the window after its wait ended.
    fn forgotten(&self, wait: WaitRule, now: DateTime<Utc>) -> bool {
        now >= self.until(wait) + window()
    }
}

#[derive(Debug, Default)]
struct Tables {
    accounts: HashMap<String, Failures>,
    addresses: HashMap<IpAddr, Failures>,
}

/// Failed sign-ins by account and by address. Share one per server (`Throttle::default()`).
#[derive(Debug, Default)]
pub struct Throttle {
    tables: Mutex<Tables>,
}

/// The address as throttled: an IPv6 client is its /64 (one machine often has the whole
/// block), an IPv4 one written as IPv6 is that IPv4 address.
fn address_key(addr: IpAddr) -> IpAddr {
    match addr {
        IpAddr::V4(_) => addr,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !((1u128 << 64) - 1)).into()),
        },
    }
}

fn account_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The wait left for one key at `now`, if any.
fn waiting<K: std::hash::Hash + Eq>(
    map: &HashMap<K, Failures>,
    key: &K,
    wait: WaitRule,
    now: DateTime<Utc>,
) -> Option<Duration> {
    let f = map.get(key)?;
    let left = f.until(wait) - now;
    (left > Duration::zero()).then_some(left)
}

/// Counts one failure of a key at `now` (starting over if the old ones are forgotten).
fn count<K: std::hash::Hash + Eq>(
    map: &mut HashMap<K, Failures>,
    key: K,
    wait: WaitRule,
    now: DateTime<Utc>,
) {
    if map.len() > PRUNE_ABOVE {
        map.retain(|_, f| !f.forgotten(wait, now));
    }
    let f = map.entry(key).or_insert(Failures {
        count: 0,
        last: now,
    });
    if f.forgotten(wait, now) {
        f.count = 0;
    }
    f.count += 1;
    f.last = now;
}

impl Throttle {
    fn lock(&self) -> MutexGuard<'_, Tables> {
        // A panic elsewhere cannot leave the counts half-written: use them as they are.
        self.tables.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Admits one sign-in attempt for `email` from `addr` at `now`, counting it as a failure
    /// until [`Throttle::succeeded`] says otherwise (so that parallel guesses are counted
    /// before their slow password checks end). Kind `throttled`, with the seconds to wait,
    /// while the account or the address must wait; nothing is counted then.
    pub fn admit(&self, email: &str, addr: IpAddr, now: DateTime<Utc>) -> Result<(), Error> {
        let (account, address) = (account_key(email), address_key(addr));
        let mut t = self.lock();
        let wait = [
            waiting(&t.accounts, &account, account_wait, now),
            waiting(&t.addresses, &address, address_wait, now),
        ]
        .into_iter()
        .flatten()
        .max();
        if let Some(wait) = wait {
            let secs = (wait.num_milliseconds() as u64).div_ceil(1000).max(1);
            return Err(Error::Throttled {
                message: format!("too many failed sign-ins: wait {secs} seconds and try again"),
                retry_after_secs: secs,
            });
        }
        count(&mut t.accounts, account, account_wait, now);
        count(&mut t.addresses, address, address_wait, now);
        Ok(())
    }

    /// The attempt admitted last for `email` from `addr` succeeded: the account's failures
    /// are forgotten, and the address's count loses the one [`Throttle::admit`] added.
    pub fn succeeded(&self, email: &str, addr: IpAddr) {
        let mut t = self.lock();
        t.accounts.remove(&account_key(email));
        if let Some(f) = t.addresses.get_mut(&address_key(addr)) {
            f.count = f.count.saturating_sub(1);
        }
    }
}
