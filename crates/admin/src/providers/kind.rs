//! Providers as a kind of record (`crate::records`): what their shared
//! form, create, edit and delete flows say and write.

use domain::provider::changed_fields;
use domain::{Provider, ProviderFields, ProviderId, ProviderStatus};

use super::check::check;
use super::form::ProviderForm;
use super::saving::Providers;
use super::{FIELDS, event};
use crate::CountyAccess;
use crate::delete::DeleteWords;
use crate::records::{Kind, Said, Who, filled_fields, kind_parts};

/// The county's providers.
pub(super) struct ProviderKind;

impl Kind for ProviderKind {
    kind_parts! {
        screen: Providers = |at| Providers { at },
        record: Provider, form: ProviderForm, fields: ProviderFields, id: ProviderId, path: "providers",
        repo: persistence::repo::providers, update,
        blank: ProviderForm::blank, form_of: ProviderForm::of_provider, check: check,
    }

    fn created((county, client): Who<'_>, created: &Provider, _: &ProviderFields) -> Said {
        let slug = created.fields.slug.as_str();
        let mut e = event(county, "provider.create", slug, client);
        let form = ProviderForm::of(&created.fields);
        e.changed_fields = filled_fields(&FIELDS, "No", |f| form.display(f));
        e.summary = format!("created {}", created.fields.name);
        (e, format!("{} was added.", created.fields.name))
    }

    fn updated(
        (county, client): Who<'_>,
        before: &Provider,
        after: &Provider,
        _: &ProviderFields,
    ) -> Said {
        let (name, slug) = (&after.fields.name, &after.fields.slug);
        let mut e = event(county, "provider.update", slug.as_str(), client);
        e.changed_fields = changed_fields(&before.fields, &after.fields);
        e.summary = if before.fields.slug == *slug {
            format!("updated {name}")
        } else {
            format!("updated {name} (slug {} -> {slug})", before.fields.slug)
        };
        (e, format!("Changes to {name} were saved."))
    }

    fn delete_words(_: &CountyAccess, provider: &Provider) -> DeleteWords {
        let name = &provider.fields.name;
        let published = if provider.fields.status == ProviderStatus::Published {
            "It is published: it will disappear from the public directory at once. "
        } else {
            ""
        };
        DeleteWords {
            title: format!("Delete {name}"),
            heading: format!("Are you sure you want to delete {name}?"),
            warning: format!(
                "{published}Deleting cannot be undone. To take it off the public site but keep \
                 its details, set its status to archived instead."
            ),
            button: format!("Yes, delete {name}"),
            back: format!("No, go back to {name}"),
        }
    }

    fn deleted((county, client): Who<'_>, provider: &Provider) -> Said {
        let name = &provider.fields.name;
        let slug = provider.fields.slug.as_str();
        let mut e = event(county, "provider.delete", slug, client);
        e.summary = format!("deleted {name}");
        (e, format!("{name} was deleted."))
    }
}
