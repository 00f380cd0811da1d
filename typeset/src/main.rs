//! `ct-typeset YYYY-MM-DD < data.json > report.pdf`: typesets Commitment Tracker's annual
//! self-report. The report comes in as JSON data (built by the app's `export::pdf`) for a fixed
//! template (`annual_report.typ`), so no text a user typed is ever read as Typst markup; the
//! Libertinus Serif fonts are built in, so the output is the same on every machine. Errors go
//! to standard error with exit status 2.

use std::io::{Read, Write};
use std::process::ExitCode;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("annual_report.typ");
const FONTS: [&[u8]; 4] = [
    include_bytes!("fonts/LibertinusSerif-Regular.otf"),
    include_bytes!("fonts/LibertinusSerif-Bold.otf"),
    include_bytes!("fonts/LibertinusSerif-Italic.otf"),
    include_bytes!("fonts/LibertinusSerif-BoldItalic.otf"),
];

/// The template and its data, as Typst sees them.
struct ReportWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Datetime,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("{e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

fn parse_date(s: &str) -> Option<Datetime> {
    let mut parts = s.splitn(3, '-').map(str::parse::<u32>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    Datetime::from_ymd(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
}

/// The built-in template, or (for working on it) the file `CT_TYPESET_TEMPLATE` names.
fn template() -> Result<String, String> {
    match std::env::var_os("CT_TYPESET_TEMPLATE") {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|e| format!("reading the template {}: {e}", path.to_string_lossy())),
        None => Ok(TEMPLATE.to_owned()),
    }
}

fn typeset(date: &str, data: Vec<u8>) -> Result<Vec<u8>, String> {
    let today = parse_date(date).ok_or_else(|| format!("not a date (YYYY-MM-DD): {date}"))?;
    let fonts: Vec<Font> = FONTS
        .iter()
        .flat_map(|bytes| Font::iter(Bytes::new(*bytes)))
        .collect();
    let world = ReportWorld {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(fonts.iter())),
        fonts,
        main: Source::new(file_id("/main.typ")?, template()?),
        data_id: file_id("/data.json")?,
        data: Bytes::new(data),
        today,
    };
    let messages = |errors: &[typst::diag::SourceDiagnostic]| {
        errors
            .iter()
            .map(|d| d.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| messages(&errors))?;
    typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| messages(&errors))
}

fn main() -> ExitCode {
    let Some(date) = std::env::args().nth(1) else {
        eprintln!("usage: ct-typeset YYYY-MM-DD < data.json > report.pdf");
        return ExitCode::from(2);
    };
    let mut data = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut data) {
        eprintln!("ct-typeset: reading the report data: {e}");
        return ExitCode::from(2);
    }
    match typeset(&date, data) {
        Ok(pdf) => match std::io::stdout().lock().write_all(&pdf) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ct-typeset: writing the PDF: {e}");
                ExitCode::from(2)
            }
        },
        Err(message) => {
            eprintln!("ct-typeset: {message}");
            ExitCode::from(2)
        }
    }
}
