//! `bench-seed COUNTIES PROVIDERS`: fills `DATABASE_URL` with COUNTIES
//! counties (`bench-1`, `bench-2`, ...) of PROVIDERS published providers
//! each, for the load test in `bench/run.sh`. Not part of the product.

use anyhow::{Context, Result, bail};
use domain::{CountySlug, DisplayName, RawProvider};
use persistence::repo::{counties, providers};

const CATEGORIES: [&str; 5] = ["cse", "counselling", "helpline", "online-safety", "lgbt"];
const HOURS: [&str; 4] = [
    "Mo-Fr 09:00-17:00",
    "Tu 10:00-14:00; We 16:00-20:00; Th 10:00-16:00",
    "24/7",
    "",
];

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(counties), Some(per_county)) = (
        args.get(1).and_then(|a| a.parse::<usize>().ok()),
        args.get(2).and_then(|a| a.parse::<usize>().ok()),
    ) else {
        bail!("usage: bench-seed COUNTIES PROVIDERS");
    };
    let url = std::env::var("DATABASE_URL").context("DATABASE_URL is not set")?;
    let db = persistence::connect(&url).await?;
    persistence::migrate(&db).await?;
    for c in 1..=counties {
        let slug = CountySlug::parse(&format!("bench-{c}"))?;
        let name = DisplayName::parse(&format!("Bench county {c}"))?;
        let txn = persistence::begin_write(&db).await?;
        let county = counties::create(&txn, &slug, &name, &[]).await?;
        for p in 0..per_county {
            let raw = RawProvider {
                name: format!("Provider {p:03} of county {c}"),
                summary: format!(
                    "Support service number {p} for children and young people affected by exploitation."
                ),
                description: format!(
                    "## About\n\nProvider {p} offers **confidential** support, counselling and advocacy.\n\n- Phone or visit\n- Self-referral welcome\n\nSee [our site](https://example.org/{p})."
                ),
                phone: format!(
                    "Helpline: 0800 {:03} {:04}\nOffice: 01332 {:06}",
                    p % 1000,
                    c,
                    p
                ),
                email: format!("contact{p}@example.org"),
                website: format!("https://example.org/provider/{p}"),
                address: format!("{p} High Street, Derby"),
                area: "Across the county".to_owned(),
                min_age: if p % 3 == 0 {
                    "11".to_owned()
                } else {
                    String::new()
                },
                max_age: if p % 4 == 0 {
                    "25".to_owned()
                } else {
                    String::new()
                },
                eligibility: "Children, young people and families.".to_owned(),
                self_referral: true,
                professional_referral: p % 2 == 0,
                categories: format!("{}, {}", CATEGORIES[p % 5], CATEGORIES[(p + 2) % 5]),
                opening_hours: HOURS[p % 4].to_owned(),
                hours_note: String::new(),
                status: "published".to_owned(),
                ..RawProvider::default()
            };
            let fields = domain::provider::validate(&raw)
                .map_err(|e| anyhow::anyhow!("invalid bench provider: {e:?}"))?;
            providers::create(&txn, county.id, &fields, None).await?;
        }
        persistence::commit(txn).await?;
    }
    println!("seeded {counties} counties of {per_county} providers");
    Ok(())
}
