//! Names as people type them, reduced to a form that matches regardless of case, accents and
//! punctuation: how labels, aliases and user input are compared.

/// Lower-cased, accent-free, punctuation-free form of a name, for matching what people type.
pub fn normalise_name(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut out = String::with_capacity(ascii.len());
    let mut pending_space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else if c != '\'' {
            pending_space = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_normalise_case_accents_and_punctuation() {
        assert_eq!(normalise_name("Xi  Jinping"), "xi jinping");
        assert_eq!(normalise_name("Zélensky"), "zelensky");
        assert_eq!(normalise_name("Russia's war-industries"), "russias war industries");
        assert_eq!(normalise_name("PLA Hawks"), normalise_name("pla hawks"));
        assert_eq!(normalise_name("  "), "");
    }
}

/// Name matching: any text normalises, the normal form is stable and plain.
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn normal_forms_are_stable_and_plain(name in any::<String>()) {
            let once = normalise_name(&name);
            prop_assert_eq!(normalise_name(&once), once.clone());
            prop_assert!(once.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' '));
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }
    }
}
