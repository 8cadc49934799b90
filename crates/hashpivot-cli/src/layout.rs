//! The layout of human output in a terminal of [`WIDTH`] columns: word wrapping of prose and of table cells, which
//! cells read as numbers (right-aligned), and how a table's columns shrink to fit.

/// Columns of the terminal the human output is laid out for.
pub const WIDTH: usize = 100;

/// Width of a string in terminal columns (one per character: the output uses no wide characters).
pub fn width(s: &str) -> usize {
    s.chars().count()
}

/// Words of `s` wrapped greedily into lines of at most `w` columns; a word longer than `w` is cut.
pub fn wrap(s: &str, w: usize) -> Vec<String> {
    let w = w.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in s.split(' ').filter(|x| !x.is_empty()) {
        let mut word = word.to_string();
        while width(&word) > w {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let head: String = word.chars().take(w).collect();
            word = word.chars().skip(w).collect();
            lines.push(head);
        }
        if line.is_empty() {
            line = word;
        } else if width(&line) + 1 + width(&word) <= w {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut line, word));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Prose laid out in [`WIDTH`] columns: each line longer than that is wrapped at spaces, its continuation lines
/// indented two columns deeper than the line itself (a top-level line continues at its own margin). Lines of
/// tables (a two-space gap inside) are left as they are.
pub fn wrap_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches(' ');
        let lead = width(line) - width(body);
        // A line with a gap of two spaces inside is a table's (whose own layout fits it where it can): left as
        // it is.
        if width(line) <= WIDTH || body.contains("  ") {
            out.push_str(line);
            continue;
        }
        let hang = if lead == 0 { 0 } else { lead + 2 };
        let first = wrap(body, WIDTH - lead);
        let (head, rest) = first.split_first().expect("wrap returns a line");
        out.push_str(&" ".repeat(lead));
        out.push_str(head);
        let rest = rest.join(" ");
        if rest.is_empty() {
            continue;
        }
        for l in wrap(&rest, WIDTH - hang) {
            out.push('\n');
            out.push_str(&" ".repeat(hang));
            out.push_str(&l);
        }
    }
    out
}

/// Whether a cell reads as a number (and so is right-aligned): empty, `-`, `n/a`, or a first word that is a
/// number once its currency sign, sign, thousands separators and unit suffix (`%`, `×`, `x`) are removed.
pub fn numeric(cell: &str) -> bool {
    let c = cell.trim();
    if c.is_empty() || c == "-" || c == "—" || c.starts_with("n/a") {
        return true;
    }
    let first = c.split(' ').next().unwrap_or_default();
    let core = first
        .trim_start_matches(['$', '+', '-', '−', '~', '≈', '(', '<', '>'])
        .trim_end_matches(['%', '×', 'x', ')', ',', '*'])
        .replace(',', "");
    !core.is_empty() && core.parse::<f64>().is_ok()
}

/// Widths of columns that fit `budget` columns (gaps excluded), from their natural widths and the narrowest each
/// can take (its longest word): the widest column above its floor gives up a column at a time. When even the
/// floors do not fit, the floors are returned.
pub fn fit(natural: &[usize], floor: &[usize], budget: usize) -> Vec<usize> {
    let mut w: Vec<usize> = natural.to_vec();
    while w.iter().sum::<usize>() > budget {
        let widest = (0..w.len())
            .filter(|&i| w[i] > floor[i])
            .max_by_key(|&i| (w[i], std::cmp::Reverse(i)));
        match widest {
            Some(i) => w[i] -= 1,
            None => break,
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_and_long_words_are_cut() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn prose_wraps_at_the_width_with_a_hanging_indent() {
        let long = format!("  - {}", "word ".repeat(30).trim_end());
        let out = wrap_prose(&format!("short\n{long}\n"));
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "short");
        assert!(lines.iter().all(|l| width(l) <= WIDTH), "{out}");
        assert!(lines[1].starts_with("  - word"));
        assert!(lines[2].starts_with("    word"));
        assert!(out.ends_with('\n'));
        assert_eq!(out.split_whitespace().count(), 1 + 1 + 30);
    }

    #[test]
    fn what_reads_as_a_number() {
        for n in [
            "1,234.5",
            "-12.5",
            "33.5%",
            "$0.132",
            "n/a (GPU cloud)",
            "82.5 (peers)",
            "-",
            "1.26×",
            "",
        ] {
            assert!(numeric(n), "{n}");
        }
        for t in [
            "self_mining",
            "Y1",
            "2024-06-03",
            "Core Scientific → CoreWeave",
            "active",
        ] {
            assert!(!numeric(t), "{t}");
        }
    }

    #[test]
    fn the_widest_column_shrinks_first_down_to_its_floor() {
        assert_eq!(fit(&[10, 40, 20], &[5, 10, 8], 50), [10, 20, 20]);
        assert_eq!(fit(&[10, 40, 20], &[5, 10, 8], 10), [5, 10, 8]);
        assert_eq!(fit(&[3, 4], &[1, 1], 10), [3, 4]);
    }
}
