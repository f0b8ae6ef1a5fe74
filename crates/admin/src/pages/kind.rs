//! Pages as a kind of record (`crate::records`): what their shared form,
//! create, save-a-draft and delete flows say and write. Saving an edit
//! makes a new draft revision; the public sees it only once published.

use domain::{Page, PageFields, PageId};

use super::check::check;
use super::event;
use super::form::PageForm;
use super::saving::Pages;
use crate::CountyAccess;
use crate::delete::DeleteWords;
use crate::records::{Kind, Said, Who, kind_parts};

/// The county's pages.
pub(super) struct PageKind;

impl Kind for PageKind {
    kind_parts! {
        screen: Pages = |at| Pages { at, publish_at: String::new() },
        record: Page, form: PageForm, fields: PageFields, id: PageId, path: "pages",
        repo: persistence::repo::pages, save_draft,
        blank: PageForm::default, form_of: PageForm::of_page, check: check,
    }

    fn created((county, client): Who<'_>, created: &Page, fields: &PageFields) -> Said {
        let title = &fields.content.title;
        let mut e = event(county, "page.create", created, client);
        e.changed_fields = domain::page::changed_fields((&created.slug, None, None), fields);
        e.summary = format!("created the page {title} (draft)");
        (
            e,
            format!("The page {title} was saved as a draft. Publish it when it is ready."),
        )
    }

    /// A saved draft: its event names which fields changed since the page
    /// as the handler read it.
    fn updated(
        (county, client): Who<'_>,
        before: &Page,
        saved: &Page,
        fields: &PageFields,
    ) -> Said {
        let title = &fields.content.title;
        let mut e = event(county, "page.update", saved, client);
        let latest = before.latest().map(|r| &r.content);
        let was = (&before.slug, before.nav_position, latest);
        e.changed_fields = domain::page::changed_fields(was, fields);
        e.summary = format!("saved a draft of the page {title}");
        let flash = format!(
            "Your changes to {title} were saved as a draft. The public still sees the published version until you publish."
        );
        (e, flash)
    }

    fn delete_words(_: &CountyAccess, page: &Page) -> DeleteWords {
        let title = page.title();
        let published = if page.published.is_some() {
            "The page is on the public site: it will disappear from it at once, and links to it \
             will stop working. "
        } else {
            ""
        };
        DeleteWords {
            title: format!("Delete the page {title}"),
            heading: format!("Delete the page {title}?"),
            warning: format!(
                "{published}Every revision of the page is deleted too. This cannot be undone."
            ),
            button: "Delete the page".to_owned(),
            back: "No, go back to the page".to_owned(),
        }
    }

    fn deleted((county, client): Who<'_>, page: &Page) -> Said {
        let mut e = event(county, "page.delete", page, client);
        e.summary = format!("deleted the page {}", page.title());
        (e, format!("The page {} was deleted.", page.title()))
    }
}
