//! `#[derive(Settings)]`: one declaration per settings domain.
//!
//! The struct is the only place a domain's facts are written: its prefix,
//! each field's variable name, typed default, rules (as data), whether it is
//! required, whether its default is an insecure development value, and its
//! description (the doc comment). Secrecy is not an attribute: it comes from
//! the field's type (`Secret`). The macro turns that declaration into an
//! implementation of `config_core::settings::Domain`, from which loading,
//! `explain`, the JSON Schema and `docs/SETTINGS.md` are all derived.
//!
//! ```ignore
//! #[derive(Debug, Clone, serde::Serialize, config_core::Settings)]
//! #[settings(domain = "worker", prefix = "KTRDR_WORKER_")]
//! pub struct WorkerSettings {
//!     /// Worker id; unset lets the runtime generate one.
//!     #[setting(env = "KTRDR_WORKER_ID")]
//!     pub worker_id: Option<String>,
//!     /// Listening port.
//!     #[setting(default = 5003, ge = 1, le = 65535)]
//!     pub port: i64,
//! }
//! ```
//!
//! Struct attributes (`#[settings(...)]`): `domain` (the report key),
//! `prefix` (of every variable), optional `file_namespace` (the key of a
//! YAML settings file whose subtree also sets the fields), optional
//! `after_load = path` (a `fn(&Sources, &mut Report)` run right after the
//! domain's fields, for values the fields do not cover).
//!
//! Field attributes (`#[setting(...)]`): `default = LITERAL` (integer,
//! float, bool, string, array of strings, or a `&'static str` expression),
//! `env = "NAME"` (an explicit variable name instead of `PREFIX + FIELD`),
//! `key = "a.b"` (the field's key when it is not the Rust name; a
//! `#[serde(rename)]` is used when present), `kind = CONST` (a parsing
//! kind other than the type's own, e.g. a `Kind::Choice` constant), rules `gt`, `ge`, `lt`,
//! `le` (numbers), `one_of = ["a", "b"]`, `non_empty`,
//! `custom = path::to::fn` with `custom_text = "..."`, `note = "..."` (words
//! added to the rule), `required`, `insecure` (the default is an insecure
//! development value), `skip` (not a setting; filled with `Default`).

use darling::{ast, FromDeriveInput, FromField, FromMeta};
use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{parse_macro_input, Attribute, DeriveInput, Expr, Lit};

/// An expression taken as written (darling would parse a string literal
/// as code).
#[derive(Debug, Clone)]
struct RawExpr(Expr);

impl FromMeta for RawExpr {
    fn from_expr(expr: &Expr) -> darling::Result<Self> {
        Ok(Self(expr.clone()))
    }
}

#[derive(FromDeriveInput)]
#[darling(attributes(settings), supports(struct_named), forward_attrs(doc))]
struct Input {
    ident: syn::Ident,
    generics: syn::Generics,
    data: ast::Data<(), Field>,
    attrs: Vec<Attribute>,
    domain: String,
    prefix: String,
    #[darling(default)]
    file_namespace: Option<String>,
    #[darling(default)]
    after_load: Option<syn::Path>,
}

#[derive(FromField)]
#[darling(attributes(setting), forward_attrs(doc, serde))]
struct Field {
    ident: Option<syn::Ident>,
    ty: syn::Type,
    attrs: Vec<Attribute>,
    #[darling(default)]
    default: Option<RawExpr>,
    #[darling(default)]
    env: Option<String>,
    #[darling(default)]
    key: Option<String>,
    #[darling(default)]
    kind: Option<RawExpr>,
    #[darling(default)]
    gt: Option<RawExpr>,
    #[darling(default)]
    ge: Option<RawExpr>,
    #[darling(default)]
    lt: Option<RawExpr>,
    #[darling(default)]
    le: Option<RawExpr>,
    #[darling(default)]
    one_of: Option<RawExpr>,
    #[darling(default)]
    non_empty: bool,
    #[darling(default)]
    custom: Option<syn::Path>,
    #[darling(default)]
    custom_text: Option<String>,
    #[darling(default)]
    note: Option<String>,
    #[darling(default)]
    required: bool,
    #[darling(default)]
    insecure: bool,
    #[darling(default)]
    skip: bool,
}

/// Derives `config_core::settings::Domain`; see the crate docs.
#[proc_macro_derive(Settings, attributes(settings, setting))]
pub fn derive_settings(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match Input::from_derive_input(&input).and_then(|input| expand(&input)) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.write_errors().into(),
    }
}

fn expand(input: &Input) -> darling::Result<Tokens> {
    let fields = match &input.data {
        ast::Data::Struct(fields) => &fields.fields,
        ast::Data::Enum(_) => {
            return Err(darling::Error::custom(
                "Settings is derived for structs only",
            ))
        }
    };
    let mut errors = darling::Error::accumulator();
    let mut specs = Vec::new();
    let mut env_names = Vec::new();
    let mut inits = Vec::new();
    for field in fields {
        let Some(ident) = &field.ident else {
            continue;
        };
        if field.skip {
            inits.push(quote! { #ident: ::core::default::Default::default() });
            continue;
        }
        if let Some(spec) = errors.handle(field_spec(field, ident)) {
            specs.push(spec);
            let key = field_key(field, ident);
            let env = env_name(&input.prefix, field.env.as_deref(), &key);
            let folded = env.to_lowercase();
            env_names.push(quote! { (#env, #folded) });
            inits.push(quote! {
                #ident: ::config_core::settings::take_field(&mut values, #key)?
            });
        }
    }
    errors.finish()?;
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let name = &input.domain;
    let prefix = &input.prefix;
    let namespace = match &input.file_namespace {
        Some(ns) => quote! { ::core::option::Option::Some(#ns) },
        None => quote! { ::core::option::Option::None },
    };
    let description = doc_text(&input.attrs);
    let after_load = input.after_load.as_ref().map(|path| {
        quote! {
            fn after_load(
                sources: &::config_core::source::env::Sources,
                report: &mut ::config_core::settings::Report,
            ) {
                #path(sources, report)
            }
        }
    });
    Ok(quote! {
        impl #impl_generics ::config_core::settings::Domain for #ident #ty_generics #where_clause {
            const NAME: &'static str = #name;
            const PREFIX: &'static str = #prefix;
            const FILE_NAMESPACE: ::core::option::Option<&'static str> = #namespace;
            const DESCRIPTION: &'static str = #description;
            fn fields() -> &'static [::config_core::settings::FieldSpec] {
                const FIELDS: &[::config_core::settings::FieldSpec] = &[#(#specs),*];
                FIELDS
            }
            const ENV_NAMES: &'static [(&'static str, &'static str)] = &[#(#env_names),*];
            fn build(
                values: ::std::vec::Vec<::config_core::settings::JsonValue>,
            ) -> ::core::result::Result<Self, ::config_core::settings::BuildError> {
                let mut values = values.into_iter();
                ::core::result::Result::Ok(Self { #(#inits),* })
            }
            #after_load
        }
    })
}

/// The field's variable name, as `FieldSpec::env_name` builds it: the
/// explicit `env`, else the prefix and the key in relaxed form (upper case,
/// `.` and `-` to `_`). The engine's tests check that both agree for every
/// declared field.
fn env_name(prefix: &str, env: Option<&str>, key: &str) -> String {
    if let Some(env) = env {
        return env.to_string();
    }
    let relaxed = key.chars().map(|c| match c {
        '.' | '-' => '_',
        other => other.to_ascii_uppercase(),
    });
    prefix.chars().chain(relaxed).collect()
}

/// The field's key: `key = ...`, else its `#[serde(rename)]`, else its name.
fn field_key(field: &Field, ident: &syn::Ident) -> String {
    if let Some(key) = &field.key {
        return key.clone();
    }
    serde_rename(&field.attrs).unwrap_or_else(|| ident.to_string())
}

fn serde_rename(attrs: &[Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        // Other serde keys are not ours; parse errors mean "no rename".
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                rename = Some(lit.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

/// The doc comment, lines trimmed and joined by spaces.
fn doc_text(attrs: &[Attribute]) -> String {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &attr.meta {
            if let Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) = &nv.value
            {
                let line = s.value().trim().to_string();
                if !line.is_empty() {
                    lines.push(line);
                }
            }
        }
    }
    lines.join(" ")
}

fn field_spec(field: &Field, ident: &syn::Ident) -> darling::Result<Tokens> {
    let span = field.ty.span();
    if field.insecure && field.default.is_none() {
        return Err(darling::Error::custom("`insecure` needs a `default`").with_span(ident));
    }
    if field.required && field.default.is_some() {
        return Err(darling::Error::custom("a `required` field has no `default`").with_span(ident));
    }
    if field.custom.is_some() != field.custom_text.is_some() {
        return Err(
            darling::Error::custom("`custom` and `custom_text` go together").with_span(ident),
        );
    }
    let key = field_key(field, ident);
    let ty = &field.ty;
    let kind = match &field.kind {
        Some(RawExpr(kind)) => quote! { #kind },
        None => {
            quote_spanned! { span=> <#ty as ::config_core::settings::SettingType>::KIND }
        }
    };
    let env = match &field.env {
        Some(env) => quote! { ::core::option::Option::Some(#env) },
        None => quote! { ::core::option::Option::None },
    };
    let default = match &field.default {
        Some(RawExpr(expr)) => {
            let value = default_value(expr)?;
            quote! { ::core::option::Option::Some(#value) }
        }
        None => quote! { ::core::option::Option::None },
    };
    let rules = rules(field)?;
    let note = field.note.clone().unwrap_or_default();
    let required = field.required;
    let insecure = field.insecure;
    let description = doc_text(&field.attrs);
    Ok(quote! {
        ::config_core::settings::FieldSpec {
            name: #key,
            env: #env,
            kind: #kind,
            default: #default,
            rules: &[#(#rules),*],
            note: #note,
            insecure_default: #insecure,
            required: #required,
            description: #description,
        }
    })
}

/// A typed default from the literal written in the declaration.
fn default_value(expr: &Expr) -> darling::Result<Tokens> {
    let path = quote! { ::config_core::settings::DefaultValue };
    Ok(match expr {
        Expr::Lit(syn::ExprLit { lit, .. }) => match lit {
            Lit::Int(_) => quote! { #path::Int(#expr) },
            Lit::Float(_) => quote! { #path::Float(#expr) },
            Lit::Bool(_) => quote! { #path::Bool(#expr) },
            Lit::Str(_) => quote! { #path::Str(#expr) },
            other => {
                return Err(darling::Error::custom(
                    "a default is an integer, float, bool, string or array of strings",
                )
                .with_span(other))
            }
        },
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr: inner,
            ..
        }) => match inner.as_ref() {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Float(_), ..
            }) => quote! { #path::Float(#expr) },
            _ => quote! { #path::Int(#expr) },
        },
        Expr::Array(_) => quote! { #path::List(&#expr) },
        // Anything else is a `&'static str` expression (`env!("...")`).
        other => quote! { #path::Str(#other) },
    })
}

fn number(expr: &RawExpr) -> Tokens {
    let expr = &expr.0;
    quote! { (#expr) as f64 }
}

/// The rules, as data: `ge` and `le` together are one range rule.
fn rules(field: &Field) -> darling::Result<Vec<Tokens>> {
    let rule = quote! { ::config_core::settings::Rule };
    let mut rules = Vec::new();
    match (&field.ge, &field.le) {
        (Some(ge), Some(le)) => {
            let (ge, le) = (number(ge), number(le));
            rules.push(quote! { #rule::Between(#ge, #le) });
        }
        (Some(ge), None) => {
            let ge = number(ge);
            rules.push(quote! { #rule::Ge(#ge) });
        }
        (None, Some(le)) => {
            let le = number(le);
            rules.push(quote! { #rule::Le(#le) });
        }
        (None, None) => {}
    }
    if let Some(gt) = &field.gt {
        let gt = number(gt);
        rules.push(quote! { #rule::Gt(#gt) });
    }
    if let Some(lt) = &field.lt {
        let lt = number(lt);
        rules.push(quote! { #rule::Lt(#lt) });
    }
    if let Some(RawExpr(options)) = &field.one_of {
        if !matches!(options, Expr::Array(_)) {
            return Err(
                darling::Error::custom("`one_of` is an array of strings").with_span(options)
            );
        }
        rules.push(quote! { #rule::OneOf(&#options) });
    }
    if field.non_empty {
        rules.push(quote! { #rule::NonEmpty });
    }
    if let (Some(check), Some(text)) = (&field.custom, &field.custom_text) {
        rules.push(quote! { #rule::Custom { check: #check, text: #text } });
    }
    Ok(rules)
}
