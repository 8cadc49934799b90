//! Loan rules: a conversion that exists, at most one loan per conversion.

use super::Finding;
use super::conversion::ConversionsPart;
use crate::scenario::collector::Collector;
use crate::scenario::lenient::Parts;
use crate::scenario::model::Loan;
use std::collections::BTreeMap;

/// A conversion is financed by at most one loan: `earlier` is the loan already financing it, if any.
pub(crate) fn one_loan_per_conversion(conversion: &str, earlier: Option<usize>) -> Option<Finding> {
    earlier.map(|_| Finding {
        field: "conversion",
        subject: "loan",
        found: format!("\"{conversion}\""),
        expected: "one loan per conversion".into(),
    })
}

pub(crate) fn build(
    parts: &Parts,
    conversions: &ConversionsPart,
    c: &mut Collector<'_>,
) -> Vec<Loan> {
    let mut loans = Vec::new();
    let mut financed = BTreeMap::new();
    for (i, part) in parts.loans.iter().enumerate() {
        let p = format!("loans[{i}]");
        let Some(conv) = &part.key.conversion else {
            continue;
        };
        match conversions
            .conversions
            .iter()
            .position(|cv| cv.name() == conv)
        {
            None if !conversions.names.contains_key(conv) => {
                let known: Vec<String> = parts
                    .conversions
                    .iter()
                    .filter_map(|s| s.key.name.as_ref())
                    .map(|n| format!("\"{n}\""))
                    .collect();
                c.at(
                    &format!("{p}.conversion"),
                    format!("\"{conv}\""),
                    if known.is_empty() {
                        "the name of a conversion (the file has none)".to_string()
                    } else {
                        format!("the name of a conversion: {}", known.join(", "))
                    },
                )
            }
            None => {}
            Some(ci) => {
                let since = c.count();
                c.finding(&p, one_loan_per_conversion(conv, financed.insert(ci, i)));
                let Some(l) = &part.full else {
                    continue;
                };
                let made = Loan::new(ci, l.loan_to_cost, l.rate, l.tenor_years);
                if let Some(loan) = c.built(&p, since, made) {
                    loans.push(loan);
                }
            }
        }
    }
    loans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::rules::testing::{parse, problems, with};

    const CONVERSION: &str = "\n[[conversions]]\nname = \"x\"\nsite = \"a\"\nstart_month = \"2025-08\"\n\
        mw_it = 10\npue = 1.3\ncapex_usd_per_mw_it = 9e6\nuse = \"lease\"\n\
        lease = { usd_per_kw_month = 150, term_years = 10 }\n";

    fn loan(conversion: &str) -> String {
        format!(
            "\n[[loans]]\nconversion = \"{conversion}\"\nloan_to_cost = 0.5\nrate = 0.08\ntenor_years = 10\n"
        )
    }

    #[test]
    fn a_loan_finances_a_conversion_that_exists_once() {
        assert_eq!(
            one_loan_per_conversion("x", Some(0)).unwrap().expected,
            "one loan per conversion"
        );
        assert_eq!(one_loan_per_conversion("x", None), None);
        let text = with(&format!(
            "{CONVERSION}{}{}{}",
            loan("x"),
            loan("x"),
            loan("nope")
        ));
        assert_eq!(
            problems(&text),
            [
                "loans[1].conversion: \"x\" | one loan per conversion",
                "loans[2].conversion: \"nope\" | the name of a conversion: \"x\"",
            ]
        );
        let sc = parse(&with(&format!("{CONVERSION}{}", loan("x")))).unwrap();
        let l = &sc.loans()[0];
        assert_eq!(
            (l.conversion(), l.loan_to_cost(), l.rate(), l.tenor_years()),
            (0, 0.5, 0.08, 10)
        );
    }

    #[test]
    fn a_checked_loan_refuses_values_out_of_bounds() {
        assert!(Loan::new(0, 0.96, 0.08, 10).is_err());
        assert_eq!(
            Loan::new(0, 0.5, 0.08, 0).unwrap_err().to_string(),
            "invalid tenor_years: found 0, expected 1 to 30 years"
        );
    }
}
