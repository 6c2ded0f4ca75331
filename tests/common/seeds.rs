//! The two seed excerpts (tests/fixtures/seeds, copies of shared/seeds) read as
//! the official text they are: each function and inciso with its unit, number and
//! label, for the tests that compare the example project and its site to them.

/// One numbered function or inciso of the seeds, as written there.
pub struct SeedLine {
    /// The unit it belongs to: `7.3.1.1`.
    pub unit: String,
    /// The function's official number.
    pub function: usize,
    /// The inciso's label when the line is an inciso.
    pub inciso: Option<String>,
    pub text: String,
}

pub fn seed_lines() -> Vec<SeedLine> {
    let seeds = [
        include_str!("../fixtures/seeds/000_c43748c0d18147b7.txt"),
        include_str!("../fixtures/seeds/004_7fb819a2eb6781d4.txt"),
    ]
    .join("\n");
    let mut out = Vec::new();
    let mut unit: Option<String> = None;
    let mut function = 0;
    for line in seeds.lines().map(str::trim) {
        let heading = line.trim_start_matches("### ");
        if let Some((code, _)) = heading.split_once(' ')
            && code.starts_with("7.")
            && !code.ends_with('.')
            && code.chars().all(|c| c.is_ascii_digit() || c == '.')
        {
            unit = Some(code.to_owned());
            continue;
        }
        let Some(unit) = &unit else { continue };
        if let Some((number, text)) = line.split_once(". ")
            && let Ok(n) = number.parse::<usize>()
        {
            function = n;
            out.push(SeedLine {
                unit: unit.clone(),
                function: n,
                inciso: None,
                text: text.to_owned(),
            });
        } else if let Some(rest) = line.strip_prefix("- ")
            && let Some((label, text)) = rest.split_once(") ")
        {
            out.push(SeedLine {
                unit: unit.clone(),
                function,
                inciso: Some(label.to_owned()),
                text: text.to_owned(),
            });
        }
    }
    out
}
