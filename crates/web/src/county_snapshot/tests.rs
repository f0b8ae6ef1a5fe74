//! The store's rules without a database: what a snapshot serves, single
//! flight, one snapshot per county, and the memory bound.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use domain::provider::{RawProvider, london, validate};

use super::*;
use crate::AppError;

fn provider(name: &str, hours: &str, status: &str) -> Provider {
    let fields = validate(&RawProvider {
        name: name.into(),
        opening_hours: hours.into(),
        description: "x".repeat(500),
        status: status.into(),
        ..RawProvider::default()
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    Provider {
        id: domain::ProviderId::new(),
        county: CountyId::from_uuid(uuid::Uuid::now_v7()),
        fields,
        reviewed_at: None,
        version: 1,
        created_at: OffsetDateTime::UNIX_EPOCH,
        updated_at: OffsetDateTime::UNIX_EPOCH,
        created_by: None,
        updated_by: None,
    }
}

/// SAIL's hours: on Tuesday 1 December 2026 it opens at 10:00 (GMT).
const SAIL_HOURS: &str = "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00";

fn at(hour: u32, minute: u32) -> OffsetDateTime {
    london(2026, 12, 1, hour, minute).unwrap_or_else(|| panic!("a London time"))
}

fn snapshot(version: i64, names: &[&str], drawn: OffsetDateTime) -> Snapshot {
    let providers = names
        .iter()
        .map(|n| provider(n, SAIL_HOURS, "published"))
        .collect();
    Snapshot::new(version, Vec::new(), Vec::new(), providers, drawn)
}

fn county() -> CountyId {
    CountyId::from_uuid(uuid::Uuid::now_v7())
}

/// `get_with` over a loader that counts its calls and returns `names`.
async fn get(
    store: &Snapshots,
    id: CountyId,
    version: i64,
    now: OffsetDateTime,
    names: &[&str],
    reads: &AtomicUsize,
) -> Result<Arc<Snapshot>, AppError> {
    store
        .get_with(id, version, now, |recorded| async move {
            reads.fetch_add(1, Ordering::SeqCst);
            Ok::<_, AppError>(snapshot(recorded, names, now))
        })
        .await
}

fn names(snapshot: &Snapshot) -> Vec<&str> {
    snapshot
        .providers
        .iter()
        .map(|l| l.provider.fields.name.as_str())
        .collect()
}

#[test]
fn a_snapshot_holds_from_its_drawing_until_an_open_state_changes() {
    let s = snapshot(3, &["SAIL"], at(9, 30));
    assert_eq!(s.valid_until(), Some(at(10, 0)), "SAIL opens at 10:00");
    let open = s
        .providers
        .first()
        .and_then(Listed::open_state)
        .map(OpenState::label);
    assert_eq!(open.as_deref(), Some("Closed: opens Tue 10:00"));
    assert!(s.serves(3, at(9, 30)));
    assert!(s.serves(3, at(10, 0) - time::Duration::SECOND));
    assert!(!s.serves(3, at(10, 0)), "not once SAIL opens");
    assert!(!s.serves(3, at(9, 29)), "not before it was drawn");
}

#[test]
fn a_snapshot_serves_requests_that_read_its_version_or_an_older_one() {
    let s = snapshot(3, &["SAIL"], at(9, 30));
    assert!(
        s.serves(2, at(9, 31)),
        "a request that raced the newer write"
    );
    assert!(!s.serves(4, at(9, 31)), "a write it does not hold");
}

#[test]
fn drafts_and_archived_providers_are_never_in_a_snapshot() {
    let all = vec![
        provider("Published", "", "published"),
        provider("Draft", "", "draft"),
        provider("Archived", "", "archived"),
    ];
    let s = Snapshot::new(0, Vec::new(), Vec::new(), all, at(9, 0));
    assert_eq!(names(&s), ["Published"]);
    assert_eq!(
        s.valid_until(),
        None,
        "no hours: nothing depends on the time"
    );
    assert!(s.provider("draft").is_none());
}

#[tokio::test]
async fn a_newer_content_version_is_read_again_and_kept() {
    let store = Snapshots::default();
    let (id, reads) = (county(), AtomicUsize::new(0));
    let first = get(&store, id, 1, at(9, 0), &["Old"], &reads).await;
    let again = get(&store, id, 1, at(9, 1), &["Not read"], &reads).await;
    let newer = get(&store, id, 2, at(9, 2), &["New"], &reads).await;
    let raced = get(&store, id, 1, at(9, 3), &["Not read"], &reads).await;
    let shown = |r: &Result<Arc<Snapshot>, AppError>| {
        r.as_ref().map(|s| names(s).join(",")).unwrap_or_default()
    };
    assert_eq!(shown(&first), "Old");
    assert_eq!(shown(&again), "Old", "the same version: kept");
    assert_eq!(shown(&newer), "New", "a newer version: read again");
    assert_eq!(
        shown(&raced),
        "New",
        "an older request may see newer content"
    );
    assert_eq!(reads.load(Ordering::SeqCst), 2);
    assert_eq!(store.kept().await, 1, "one snapshot per county");
}

#[tokio::test]
async fn a_snapshot_is_read_again_when_its_time_runs_out_keeping_its_version() {
    let store = Snapshots::default();
    let (id, reads) = (county(), AtomicUsize::new(0));
    let _ = get(&store, id, 5, at(9, 30), &["SAIL"], &reads).await;
    let later = get(&store, id, 4, at(10, 0), &["SAIL"], &reads).await;
    assert_eq!(reads.load(Ordering::SeqCst), 2, "read again at 10:00");
    assert_eq!(
        later.map(|s| s.version).ok(),
        Some(5),
        "never recorded as older"
    );
}

#[tokio::test]
async fn each_county_has_its_own_snapshot() {
    let store = Snapshots::default();
    let reads = AtomicUsize::new(0);
    let (alpha, bravo) = (county(), county());
    let a = get(&store, alpha, 1, at(9, 0), &["Alpha"], &reads).await;
    let b = get(&store, bravo, 1, at(9, 0), &["Bravo"], &reads).await;
    assert_eq!(
        a.map(|s| names(&s).join(",")).ok().as_deref(),
        Some("Alpha")
    );
    assert_eq!(
        b.map(|s| names(&s).join(",")).ok().as_deref(),
        Some("Bravo")
    );
    assert_eq!(reads.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failed_read_is_not_kept() {
    let store = Snapshots::default();
    let id = county();
    let failed = store
        .get_with(id, 1, at(9, 0), |_| async {
            Err::<Snapshot, _>(AppError::NotFound)
        })
        .await;
    assert!(failed.is_err());
    assert_eq!(store.kept().await, 0);
    let reads = AtomicUsize::new(0);
    assert!(
        get(&store, id, 1, at(9, 0), &["SAIL"], &reads)
            .await
            .is_ok()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_misses_of_one_county_read_once() {
    let store = Arc::new(Snapshots::default());
    let reads = Arc::new(AtomicUsize::new(0));
    let id = county();
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let (store, reads) = (Arc::clone(&store), Arc::clone(&reads));
            tokio::spawn(async move {
                store
                    .get_with(id, 1, at(9, 0), |version| async move {
                        reads.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok::<_, AppError>(snapshot(version, &["SAIL"], at(9, 0)))
                    })
                    .await
                    .is_ok()
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap_or(false));
    }
    assert_eq!(reads.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_snapshots_kept_stay_within_the_budget() {
    let store = Snapshots::with_budget_bytes(256 * 1024);
    let reads = AtomicUsize::new(0);
    let many: Vec<String> = (0..100).map(|n| format!("Provider {n}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let one = snapshot(1, &many, at(9, 0));
    assert!(one.weight > 100 * 500, "weighs its text: {}", one.weight);
    for _ in 0..40 {
        assert!(
            get(&store, county(), 1, at(9, 0), &many, &reads)
                .await
                .is_ok()
        );
    }
    assert!(
        store.weight().await <= 256 * 1024,
        "{} bytes",
        store.weight().await
    );
    assert!(store.kept().await < 40);
}
