//! "Did you mean" suggestions for unbound names.

/// The candidate closest to `name` by edit distance, if it is close enough to be a plausible
/// typo (at most a third of the name's length, and at least one edit allowed).
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (edit_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|(da, a), (db, b)| da.cmp(db).then_with(|| a.cmp(b)))
        .map(|(_, c)| c.to_string())
}

/// Levenshtein distance between two strings, counted in characters; a swap of two adjacent
/// characters counts as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        rows[0][j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_close_name() {
        assert_eq!(suggest("lenght", ["length", "iter", "map"]), Some("length".into()));
        assert_eq!(suggest("mapp", ["map", "mem"]), Some("map".into()));
    }

    #[test]
    fn rejects_far_names_and_the_name_itself() {
        assert_eq!(suggest("x", ["foo", "bar"]), None);
        assert_eq!(suggest("map", ["map"]), None);
    }

    #[test]
    fn transposition_is_one_edit() {
        assert_eq!(edit_distance("recv", "rcev"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
