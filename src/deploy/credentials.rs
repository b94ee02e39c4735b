//! Credentials from where AWS tools look for them, never from `site.toml`: the environment
//! (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`; they win, as for the
//! AWS tools), else the profile `AWS_PROFILE` (or `default`) in the shared credentials file
//! (`~/.aws/credentials`, `AWS_SHARED_CREDENTIALS_FILE`) or the config file
//! (`~/.aws/config`, `AWS_CONFIG_FILE`). object_store reads only the environment, so the
//! files are read here with `rust-ini`. Profiles that get their keys some other way (a role
//! to assume, SSO, a helper process) are refused with a message saying so, and instance or
//! container roles are never asked: Gazette makes no request but the deploy's own.

use std::path::{Path, PathBuf};

use ini::Ini;

/// Static keys for one deploy.
pub struct Credentials {
    pub key_id: String,
    pub secret: String,
    pub token: Option<String>,
    /// Where they came from, for messages (`the environment`, `profile default in …`).
    pub source: String,
    /// A region the profile names (`region` in `~/.aws/config`), used when neither
    /// `site.toml` nor the environment gives one.
    pub region: Option<String>,
}

/// Reads one environment variable (`None`: unset or empty).
type Lookup = Box<dyn Fn(&str) -> Option<String>>;

/// What this module reads from the environment, so tests can give their own.
pub struct Env {
    vars: Lookup,
}

impl Env {
    pub fn process() -> Env {
        Env {
            vars: Box::new(|name| std::env::var(name).ok().filter(|v| !v.is_empty())),
        }
    }

    pub fn var(&self, name: &str) -> Option<String> {
        (self.vars)(name)
    }

    fn home_file(&self, var: &str, rel: &str) -> Option<PathBuf> {
        if let Some(path) = self.var(var) {
            return Some(PathBuf::from(path));
        }
        let home = self.var("HOME").or_else(|| self.var("USERPROFILE"))?;
        Some(Path::new(&home).join(rel))
    }
}

/// The credentials to use, or what to do when there are none.
pub fn find(env: &Env) -> Result<Credentials, String> {
    let profile = env.var("AWS_PROFILE");
    let region = || {
        env.var("AWS_REGION")
            .or_else(|| env.var("AWS_DEFAULT_REGION"))
    };
    match (
        env.var("AWS_ACCESS_KEY_ID"),
        env.var("AWS_SECRET_ACCESS_KEY"),
    ) {
        (Some(key_id), Some(secret)) => {
            return Ok(Credentials {
                key_id,
                secret,
                token: env.var("AWS_SESSION_TOKEN"),
                source: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY".into(),
                region: region(),
            });
        }
        (Some(_), None) => {
            return Err(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both".into(),
            );
        }
        (None, Some(_)) => {
            return Err(
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both".into(),
            );
        }
        _ => {}
    }
    let name = profile.clone().unwrap_or_else(|| "default".into());
    let credentials = env.home_file("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
    let config = env.home_file("AWS_CONFIG_FILE", ".aws/config");
    // The config file names profiles `[profile NAME]`, but the default one `[default]`.
    let config_section = if name == "default" {
        name.clone()
    } else {
        format!("profile {name}")
    };
    let mut region_found = None;
    let mut looked = Vec::new();
    for (file, section) in [(&credentials, &name), (&config, &config_section)] {
        let Some(file) = file else { continue };
        looked.push(file.display().to_string());
        let Some(ini) = read_ini(file)? else { continue };
        let Some(props) = ini.section(Some(section.as_str())) else {
            continue;
        };
        if region_found.is_none() {
            region_found = props.get("region").map(str::to_string);
        }
        match (
            props.get("aws_access_key_id"),
            props.get("aws_secret_access_key"),
        ) {
            (Some(key_id), Some(secret)) => {
                // A region may also be in the config file when the keys are in the other.
                let region = region().or(region_found).or_else(|| {
                    let ini = read_ini(config.as_ref()?).ok()??;
                    ini.section(Some(config_section.as_str()))?
                        .get("region")
                        .map(str::to_string)
                });
                return Ok(Credentials {
                    key_id: key_id.to_string(),
                    secret: secret.to_string(),
                    token: props.get("aws_session_token").map(str::to_string),
                    source: format!("profile `{name}` in {}", file.display()),
                    region,
                });
            }
            _ => {
                let other = [
                    "role_arn",
                    "sso_session",
                    "sso_start_url",
                    "credential_process",
                    "web_identity_token_file",
                    "source_profile",
                ]
                .into_iter()
                .find(|k| props.get(*k).is_some());
                if let Some(other) = other {
                    return Err(format!(
                        "profile `{name}` in {} gets its keys through `{other}`, which Gazette does not support: give it aws_access_key_id and aws_secret_access_key, or export AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (`aws configure export-credentials --format env` prints them)",
                        file.display()
                    ));
                }
            }
        }
    }
    let where_ = if looked.is_empty() {
        "no home folder to look in".to_string()
    } else {
        format!("looked in {}", looked.join(" and "))
    };
    Err(match profile {
        Some(p) => format!(
            "the profile `{p}` (AWS_PROFILE) has no aws_access_key_id and aws_secret_access_key ({where_})"
        ),
        None => format!(
            "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add them to a profile in ~/.aws/credentials ({where_})"
        ),
    })
}

/// An INI file, `None` when there is none; an error naming it when it cannot be read or
/// parsed.
fn read_ini(path: &Path) -> Result<Option<Ini>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    Ini::load_from_str_noescape(&text)
        .map(Some)
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> Env {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Env {
            vars: Box::new(move |name| map.get(name).cloned()),
        }
    }

    #[test]
    fn the_environment_comes_first() {
        let c = find(&env(&[
            ("AWS_ACCESS_KEY_ID", "AK"),
            ("AWS_SECRET_ACCESS_KEY", "SK"),
            ("AWS_REGION", "eu-north-1"),
            ("HOME", "/nonexistent"),
        ]))
        .unwrap();
        assert_eq!((c.key_id.as_str(), c.secret.as_str()), ("AK", "SK"));
        assert_eq!(c.region.as_deref(), Some("eu-north-1"));
        let half = find(&env(&[("AWS_ACCESS_KEY_ID", "AK")]));
        assert!(half.err().unwrap().contains("AWS_SECRET_ACCESS_KEY"));
    }

    #[test]
    fn profiles_are_read_from_both_files() {
        let dir = tempfile::tempdir().unwrap();
        let aws = dir.path().join(".aws");
        std::fs::create_dir_all(&aws).unwrap();
        std::fs::write(
            aws.join("credentials"),
            "[default]\naws_access_key_id = D1\naws_secret_access_key = d/2+x\n\n[desk]\naws_access_key_id=K1\naws_secret_access_key=S1\naws_session_token=T1\n",
        )
        .unwrap();
        std::fs::write(
            aws.join("config"),
            "[default]\nregion = eu-west-2\n[profile desk]\nregion = us-west-1\n[profile roles]\nrole_arn = arn:aws:iam::1:role/x\n",
        )
        .unwrap();
        let home = dir.path().to_str().unwrap();
        let c = find(&env(&[("HOME", home)])).unwrap();
        assert_eq!((c.key_id.as_str(), c.secret.as_str()), ("D1", "d/2+x"));
        assert_eq!(c.region.as_deref(), Some("eu-west-2"));
        let c = find(&env(&[("HOME", home), ("AWS_PROFILE", "desk")])).unwrap();
        assert_eq!(c.token.as_deref(), Some("T1"));
        assert_eq!(c.region.as_deref(), Some("us-west-1"));
        assert!(c.source.contains("desk"));
        let e = find(&env(&[("HOME", home), ("AWS_PROFILE", "roles")]))
            .err()
            .unwrap();
        assert!(e.contains("role_arn"), "{e}");
        let e = find(&env(&[("HOME", home), ("AWS_PROFILE", "none")]))
            .err()
            .unwrap();
        assert!(e.contains("`none`"), "{e}");
        let e = find(&env(&[("HOME", "/nonexistent")])).err().unwrap();
        assert!(e.contains("no credentials"), "{e}");
    }
}
