use crate::common::cfgate;

#[test]
fn bash_completions_name_the_binary() {
    let out = cfgate().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("cfgate"));
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let out = cfgate().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
