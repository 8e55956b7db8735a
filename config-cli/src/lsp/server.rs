//! The server loop: initialize, then documents, checks and requests until
//! shutdown. One thread; checks run when typing pauses (see [`Debounce`]).

use super::debounce::Debounce;
use super::documents::{Documents, Refused};
use super::engine::{self, DocKind};
use super::{actions, completion, definition, diagnostics, hover};
use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, LogMessage,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, Request as _,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    LogMessageParams, MessageType, OneOf, PublishDiagnosticsParams, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
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
    let (id, _params) = connection.initialize_start()?;
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        connection,
        documents: Documents::new(engine::max_file_bytes(), BUDGET_BYTES),
        debounce: Debounce::new(DEBOUNCE),
    };
    server.run()
}

struct Server<'a> {
    connection: &'a Connection,
    documents: Documents,
    debounce: Debounce,
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
                    let bundle_file = engine::is_bundle_file(&path_of(&doc.uri));
                    self.store(doc.uri.clone(), doc.text, doc.version, bundle_file);
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
                        let bundle_file = self.documents.get(&uri).is_some_and(|d| d.bundle_file);
                        self.store(
                            uri.clone(),
                            change.text,
                            p.text_document.version,
                            bundle_file,
                        );
                        self.debounce.touch(uri, Instant::now());
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = notification
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    let uri = p.text_document.uri;
                    self.documents.close(&uri);
                    self.debounce.forget(&uri);
                    self.publish_list(uri, Vec::new(), None);
                }
            }
            _ => {}
        }
    }

    fn store(&mut self, uri: Url, text: String, version: i32, bundle_file: bool) {
        if let Err(refused) = self.documents.set(uri.clone(), text, version, bundle_file) {
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

    fn check_pending(&mut self) {
        for uri in self.debounce.take() {
            self.publish(&uri);
        }
    }

    /// Checks a document and publishes its diagnostics (none when it is
    /// not kept, so stale ones do not linger).
    fn publish(&self, uri: &Url) {
        let Some(doc) = self.documents.get(uri) else {
            self.publish_list(uri.clone(), Vec::new(), None);
            return;
        };
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
                s.scenario(&uri)
                    .and_then(|text| hover::hover(text, position))
            }),
            Completion::METHOD => self.with::<Completion, _>(request, |s, p| {
                let (uri, position) = (
                    p.text_document_position.text_document.uri,
                    p.text_document_position.position,
                );
                s.scenario(&uri).map(|text| {
                    lsp_types::CompletionResponse::Array(completion::complete(text, position))
                })
            }),
            GotoDefinition::METHOD => self.with::<GotoDefinition, _>(request, |s, p| {
                let (uri, position) = (
                    p.text_document_position_params.text_document.uri,
                    p.text_document_position_params.position,
                );
                s.scenario(&uri)
                    .and_then(|text| definition::definition(&uri, text, position))
                    .map(lsp_types::GotoDefinitionResponse::Scalar)
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

    /// The text of an open scenario document.
    fn scenario(&self, uri: &Url) -> Option<&str> {
        let doc = self.documents.get(uri)?;
        (kind_of(uri, doc) == DocKind::Scenario).then_some(doc.text.as_str())
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
    engine::kind_of(&name, doc.bundle_file, &doc.text)
}
