//! The server loop: initialize, then documents, checks and requests until
//! shutdown. One thread; checks run when typing pauses (see [`Debounce`]).

use super::debounce::Debounce;
use super::documents::{Documents, Refused};
use super::engine::{self, BundleInput, DiskFiles, DocKind};
use super::{actions, completion, definition, diagnostics, hover};
use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, LogMessage, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    LogMessageParams, MessageType, OneOf, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long typing must pause before a changed document is checked.
const DEBOUNCE: Duration = Duration::from_millis(120);
/// Text of all open documents kept at most (each at most the per-file limit).
const BUDGET_BYTES: usize = 256 * 1024 * 1024;

/// What the server advertises.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Serves one client until `exit`. `Ok(true)`: a clean shutdown.
pub fn serve(connection: &Connection) -> Result<bool, lsp_server::ProtocolError> {
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo { name: "cfgate".into(), version: Some(env!("CARGO_PKG_VERSION").into()) },
    });
    let (id, params) = connection.initialize_start()?;
    connection.initialize_finish(id, result)?;
    let related_information = params
        .pointer("/capabilities/textDocument/publishDiagnostics/relatedInformation")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    let mut server = Server {
        connection,
        documents: Documents::new(engine::max_file_bytes(), BUDGET_BYTES),
        debounce: Debounce::new(DEBOUNCE),
        disk: RefCell::new(HashMap::new()),
        published: HashMap::new(),
        related_information,
    };
    server.run()
}

struct Server<'a> {
    connection: &'a Connection,
    documents: Documents,
    debounce: Debounce,
    /// Each bundle's files as read from disk, kept between keystrokes.
    disk: RefCell<HashMap<PathBuf, DiskFiles>>,
    /// Per bundle root, the files last published with diagnostics (to clear
    /// those that went away).
    published: HashMap<PathBuf, BTreeSet<Url>>,
    /// The client shows related information (else messages name the place).
    related_information: bool,
}

impl Server<'_> {
    fn run(&mut self) -> Result<bool, lsp_server::ProtocolError> {
        loop {
            let message = match self.debounce.deadline() {
                Some(deadline) => match self.connection.receiver.recv_deadline(deadline) {
                    Ok(message) => message,
                    Err(RecvTimeoutError::Timeout) => {
                        self.check_pending();
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return Ok(false),
                },
                None => match self.connection.receiver.recv() {
                    Ok(message) => message,
                    Err(_) => return Ok(false),
                },
            };
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(true);
                    }
                    let response = self.respond(request);
                    self.send(response.into());
                }
                Message::Notification(notification) => {
                    if notification.method == lsp_types::notification::Exit::METHOD {
                        return Ok(false);
                    }
                    self.notified(notification);
                }
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, message: Message) {
        // A closed channel means the client is gone; the loop ends on recv.
        let _ = self.connection.sender.send(message);
    }

    fn notified(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = notification
                    .extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let doc = p.text_document;
                    let bundle = engine::bundle_root(&path_of(&doc.uri));
                    self.store(doc.uri.clone(), doc.text, doc.version, bundle);
                    self.publish(&doc.uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) {
                    // Full sync: the last change holds the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        let uri = p.text_document.uri;
                        let bundle = self.documents.get(&uri).and_then(|d| d.bundle.clone());
                        self.store(uri.clone(), change.text, p.text_document.version, bundle);
                        self.debounce.touch(uri, Instant::now());
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = notification
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    let uri = p.text_document.uri;
                    let bundle = self.documents.get(&uri).and_then(|d| d.bundle.clone());
                    self.documents.close(&uri);
                    self.debounce.forget(&uri);
                    match bundle {
                        // The bundle is checked again with the file as saved,
                        // while any of its files is open; else its
                        // diagnostics go.
                        Some(root) if self.open_in(&root).next().is_some() => {
                            self.publish_bundle(&root);
                        }
                        Some(root) => {
                            for uri in self.published.remove(&root).unwrap_or_default() {
                                self.publish_list(uri, Vec::new(), None);
                            }
                            self.publish_list(uri, Vec::new(), None);
                            self.disk.borrow_mut().remove(&root);
                        }
                        None => self.publish_list(uri, Vec::new(), None),
                    }
                }
            }
            // Saved or changed on disk: the bundles holding the file are
            // checked again (their disk texts are re-read when changed).
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = notification
                    .extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                {
                    self.recheck_bundles_of(&[path_of(&p.text_document.uri)]);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = notification.extract::<lsp_types::DidChangeWatchedFilesParams>(
                    DidChangeWatchedFiles::METHOD,
                ) {
                    let paths: Vec<PathBuf> = p.changes.iter().map(|c| path_of(&c.uri)).collect();
                    self.recheck_bundles_of(&paths);
                }
            }
            _ => {}
        }
    }

    fn store(&mut self, uri: Url, text: String, version: i32, bundle: Option<PathBuf>) {
        if let Err(refused) = self.documents.set(uri.clone(), text, version, bundle) {
            let why = match refused {
                Refused::TooLarge { bytes, limit } => {
                    format!("{bytes} bytes, more than the {limit}-byte limit")
                }
                Refused::OverBudget { budget } => {
                    format!("the open documents would exceed {budget} bytes; close some")
                }
            };
            self.log(format!("cfgate: {uri} is not checked: {why}"));
        }
    }

    fn log(&self, message: String) {
        let params = LogMessageParams {
            typ: MessageType::WARNING,
            message,
        };
        self.send(Notification::new(LogMessage::METHOD.into(), params).into());
    }

    /// Checks what typing paused on: each bundle once, however many of its
    /// files changed.
    fn check_pending(&mut self) {
        let mut bundles = BTreeSet::new();
        for uri in self.debounce.take() {
            match self.documents.get(&uri).and_then(|d| d.bundle.clone()) {
                Some(root) => {
                    bundles.insert(root);
                }
                None => self.publish(&uri),
            }
        }
        for root in bundles {
            self.publish_bundle(&root);
        }
    }

    fn recheck_bundles_of(&mut self, paths: &[PathBuf]) {
        let roots: BTreeSet<PathBuf> = self
            .published
            .keys()
            .chain(self.disk.get_mut().keys())
            .filter(|root| paths.iter().any(|p| p.starts_with(root)))
            .cloned()
            .collect();
        for root in roots {
            self.publish_bundle(&root);
        }
    }

    /// Checks a document (with its bundle, if it has one) and publishes its
    /// diagnostics (none when it is not kept, so stale ones do not linger).
    fn publish(&mut self, uri: &Url) {
        let Some(doc) = self.documents.get(uri) else {
            self.publish_list(uri.clone(), Vec::new(), None);
            return;
        };
        if let Some(root) = doc.bundle.clone() {
            self.publish_bundle(&root);
            return;
        }
        let kind = kind_of(uri, doc);
        let text = &doc.text;
        let path = path_of(uri);
        let diagnostics =
            catch_unwind(AssertUnwindSafe(|| diagnostics::of_text(kind, &path, text)))
                .unwrap_or_else(|_| {
                    self.log(format!(
                        "cfgate: internal error checking {uri}; please report it"
                    ));
                    Vec::new()
                });
        self.publish_list(uri.clone(), diagnostics, Some(doc.version));
    }

    /// The open documents of the bundle at `root`: (uri, path, document).
    fn open_in<'s>(
        &'s self,
        root: &'s Path,
    ) -> impl Iterator<Item = (&'s Url, &'s super::documents::Document)> + 's {
        self.documents
            .iter()
            .filter(move |(_, d)| d.bundle.as_deref() == Some(root))
    }

    /// The bundle at `root` as the editor holds it.
    fn bundle_input(&self, root: &Path) -> BundleInput {
        let mut disk = self.disk.borrow_mut();
        let files = disk.entry(root.to_path_buf()).or_default();
        let open = self
            .open_in(root)
            .map(|(uri, d)| (path_of(uri), d.text.as_str()));
        BundleInput::new(root, files, open)
    }

    /// Checks the bundle at `root` and publishes the diagnostics of every
    /// file a finding lands in, of its open files, and (emptied) of the files
    /// whose findings went away.
    fn publish_bundle(&mut self, root: &Path) {
        let input = self.bundle_input(root);
        let related = self.related_information;
        let by_file = catch_unwind(AssertUnwindSafe(|| diagnostics::of_bundle(&input, related)))
            .unwrap_or_else(|_| {
                self.log(format!(
                    "cfgate: internal error checking the bundle {}; please report it",
                    root.display()
                ));
                BTreeMap::new()
            });
        let mut by_uri: BTreeMap<Url, Vec<lsp_types::Diagnostic>> = by_file
            .into_iter()
            .filter_map(|(path, list)| Some((Url::from_file_path(path).ok()?, list)))
            .collect();
        let now: BTreeSet<Url> = by_uri.keys().cloned().collect();
        let before = self
            .published
            .insert(root.to_path_buf(), now)
            .unwrap_or_default();
        let open: Vec<(Url, i32)> = self
            .open_in(root)
            .map(|(uri, d)| (uri.clone(), d.version))
            .collect();
        for uri in before
            .into_iter()
            .chain(open.iter().map(|(u, _)| u.clone()))
        {
            by_uri.entry(uri).or_default();
        }
        for (uri, list) in by_uri {
            let version = open.iter().find(|(u, _)| *u == uri).map(|(_, v)| *v);
            self.publish_list(uri, list, version);
        }
    }

    fn publish_list(
        &self,
        uri: Url,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.into(), params).into());
    }

    fn respond(&self, request: Request) -> Response {
        let id = request.id.clone();
        match catch_unwind(AssertUnwindSafe(|| self.handle(request))) {
            Ok(response) => response,
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "cfgate: internal error; please report it".into(),
            ),
        }
    }

    fn handle(&self, request: Request) -> Response {
        let id = request.id.clone();
        match request.method.as_str() {
            HoverRequest::METHOD => self.with::<HoverRequest, _>(request, |s, p| {
                let (uri, position) = (
                    p.text_document_position_params.text_document.uri,
                    p.text_document_position_params.position,
                );
                let (text, scenario, bundle) = s.served(&uri)?;
                let path = path_of(&uri);
                hover::hover(
                    text,
                    position,
                    scenario,
                    bundle.as_ref().map(|b| (b, path.as_path())),
                )
            }),
            Completion::METHOD => self.with::<Completion, _>(request, |s, p| {
                let (uri, position) = (
                    p.text_document_position.text_document.uri,
                    p.text_document_position.position,
                );
                let (text, scenario, bundle) = s.served(&uri)?;
                scenario.then(|| {
                    lsp_types::CompletionResponse::Array(completion::complete(
                        text,
                        position,
                        bundle.as_ref(),
                    ))
                })
            }),
            GotoDefinition::METHOD => self.with::<GotoDefinition, _>(request, |s, p| {
                let (uri, position) = (
                    p.text_document_position_params.text_document.uri,
                    p.text_document_position_params.position,
                );
                let (text, scenario, bundle) = s.served(&uri)?;
                let path = path_of(&uri);
                definition::definition(
                    &uri,
                    text,
                    position,
                    scenario,
                    bundle.as_ref().map(|b| (b, path.as_path())),
                )
            }),
            CodeActionRequest::METHOD => self.with::<CodeActionRequest, _>(request, |s, p| {
                let uri = p.text_document.uri;
                let doc = s.documents.get(&uri)?;
                let kind = kind_of(&uri, doc);
                Some(actions::actions(
                    &uri,
                    kind,
                    &path_of(&uri),
                    &doc.text,
                    p.range,
                    &p.context.diagnostics,
                ))
            }),
            _ => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("cfgate lsp does not handle {}", request.method),
            ),
        }
    }

    /// Decodes a request's parameters, runs `f`, encodes its answer.
    fn with<R, F>(&self, request: Request, f: F) -> Response
    where
        R: lsp_types::request::Request,
        F: FnOnce(&Self, R::Params) -> R::Result,
        R::Result: serde::Serialize,
    {
        let id = request.id.clone();
        match request.extract::<R::Params>(R::METHOD) {
            Ok((id, params)) => Response::new_ok(id, f(self, params)),
            Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, format!("{e:?}")),
        }
    }

    /// An open document hover, completion and definition serve: its text,
    /// whether it is a scenario, and its bundle as the editor holds it.
    fn served(&self, uri: &Url) -> Option<(&str, bool, Option<BundleInput>)> {
        let doc = self.documents.get(uri)?;
        let kind = kind_of(uri, doc);
        if !matches!(kind, DocKind::Scenario | DocKind::BundleFile) {
            return None;
        }
        let bundle = doc.bundle.as_deref().map(|root| self.bundle_input(root));
        Some((doc.text.as_str(), kind == DocKind::Scenario, bundle))
    }
}

/// The file path of a `file:` URI (other schemes: the URI as a path, used
/// only to name the file in findings).
fn path_of(uri: &Url) -> PathBuf {
    uri.to_file_path()
        .unwrap_or_else(|()| PathBuf::from(uri.as_str()))
}

fn kind_of(uri: &Url, doc: &super::documents::Document) -> DocKind {
    let name = uri
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or_default();
    let name = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
    engine::kind_of(&name, doc.bundle.is_some(), &doc.text)
}
