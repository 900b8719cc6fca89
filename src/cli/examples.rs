//! The examples each command's `--help` ends with: real commands on the bundled data, run by
//! the test suite (`tests/integration/help.rs`) so they stay true.

pub(crate) const TOP: &str = "\
Examples:
  actorgraph path nitrocellulose \"Perm Gunpowder Plant\" -k 3
  actorgraph query supply-flows --param supplier=agd:China --param good=agd:Nitrocellulose
  actorgraph export dot --focus \"Perm Gunpowder Plant\" --depth 2 --render png -o perm.png

Exit status: 0 a positive answer (found, conforms), 1 a negative one (nothing found, does not conform), 2 an error.";

pub(crate) const QUERY: &str = "\
Examples:
  actorgraph query supply-flows --param supplier=agd:China --param good=agd:Nitrocellulose
  actorgraph query sanctions --param target=agd:Belarus --format json
  actorgraph query -e 'SELECT ?state WHERE { ?state a ag:State } ORDER BY ?state LIMIT 5'";

pub(crate) const QUERIES: &str = "\
Examples:
  actorgraph queries
  actorgraph queries --format json";

pub(crate) const LOAD: &str = "\
Examples:
  actorgraph query -e 'DESCRIBE agd:flow-nc-2023' > flow.ttl && actorgraph load flow.ttl
  actorgraph load --format turtle --graph https://example.org/notes flow.ttl";

pub(crate) const DUMP: &str = "\
Examples:
  actorgraph dump --format trig > everything.trig
  actorgraph dump --format nquads -o everything.nq";

pub(crate) const STATS: &str = "\
Examples:
  actorgraph stats
  actorgraph stats --format json";

pub(crate) const VALIDATE: &str = "\
Examples:
  actorgraph validate
  actorgraph validate --format json";

pub(crate) const CHECK: &str = "\
Examples:
  actorgraph check
  actorgraph check --format json";

pub(crate) const REPAIR: &str = "\
Examples:
  actorgraph repair
  actorgraph repair && actorgraph check";

pub(crate) const OPTIMIZE: &str = "\
Examples:
  actorgraph import ftm ../shared/data/*/zala_entities.ftm.json && actorgraph optimize
  actorgraph optimize && actorgraph check";

pub(crate) const PATH: &str = "\
Examples:
  actorgraph path nitrocellulose \"Perm Gunpowder Plant\" -k 3
  actorgraph path \"Chinese electronics firms\" --to-type Sanction
  actorgraph path \"PLA Hawks\" \"Xi Jinping\" -k 3 --format dot --footnotes > story.dot";

pub(crate) const NEIGHBOURS: &str = "\
Examples:
  actorgraph neighbours \"Lin Jian\" --depth 2
  actorgraph neighbours nitrocellulose --format tsv";

pub(crate) const EXPORT: &str = "\
Examples:
  actorgraph export dot --focus \"Perm Gunpowder Plant\" --depth 2 --render png -o perm.png
  actorgraph export graphml --focus nitrocellulose -o nitrocellulose.graphml
  actorgraph export csv --collapse -o kumu";

pub(crate) const DOT: &str = "\
Examples:
  actorgraph export dot --focus nitrocellulose --collapse --render svg -o nitrocellulose.svg
  actorgraph export dot --focus \"Perm Gunpowder Plant\" --depth 2 --expand Russia > perm.dot
  actorgraph export dot --from \"PLA Hawks\" --to \"Xi Jinping\" -k 3 --footnotes > story.dot";

pub(crate) const GRAPHML: &str = "\
Examples:
  actorgraph export graphml -o actorgraph.graphml
  actorgraph export graphml --focus China --collapse -o china.graphml";

pub(crate) const GEXF: &str = "\
Examples:
  actorgraph export gexf --collapse -o actorgraph.gexf
  actorgraph export gexf --via supply,sanction --collapse -o supply-and-sanctions.gexf";

pub(crate) const CYTOSCAPE: &str = "\
Examples:
  actorgraph export cytoscape --focus nitrocellulose --depth 2 -o nitrocellulose.cyjs
  actorgraph export cytoscape --from \"PLA Hawks\" --to \"Xi Jinping\" -k 3 -o story.cyjs";

pub(crate) const CSV: &str = "\
Examples:
  actorgraph export csv --collapse -o kumu
  actorgraph export csv --focus China --collapse --table edges > china-edges.csv";

pub(crate) const COMPLETIONS: &str = "\
Examples:
  actorgraph completions bash > actorgraph.bash
  actorgraph completions zsh > _actorgraph
  actorgraph completions fish > actorgraph.fish";

pub(crate) const MAN: &str = "\
Examples:
  actorgraph man > actorgraph.1
  actorgraph man --dir man";

pub(crate) const IMPORT: &str = "\
Examples:
  actorgraph import ftm ../shared/data/opensanctions/zala_entities.ftm.json
  actorgraph import ftm --dataset eu_fsf ../shared/data/*/yente*.json";

pub(crate) const REVIEW: &str = "\
Examples:
  actorgraph review --sources ../shared/seeds --fact agd:flow-nc-2023
  actorgraph review --check --sources ../shared/seeds
  actorgraph review --sources ../shared/seeds --confidence alleged --format markdown -o alleged.md";

pub(crate) const SCAN: &str = "\
Examples:
  actorgraph scan ../shared/seeds/002_c95ef05383f2dd26.txt
  actorgraph scan ../shared/seeds/002_c95ef05383f2dd26.txt --format json --draft draft.ttl
  actorgraph scan --measure ../shared/seeds/*.txt";

pub(crate) const LINK: &str = "\
Examples:
  actorgraph import ftm --no-link ../shared/data/*/zala*.json && actorgraph link
  actorgraph link --threshold 0.9 --candidates 0.8 --format json";

pub(crate) const LINKS: &str = "\
Examples:
  actorgraph links
  actorgraph links --format json";

pub(crate) const SCREEN: &str = "\
Examples:
  actorgraph screen --name NORINCO --name \"Poly Technologies\" --format markdown
  actorgraph screen counterparties.csv --as-of 2024-06-01 --format html -o screening.html
  actorgraph import ftm ../shared/data/*/zala*.json && actorgraph screen --name \"Zala Aero\"";

pub(crate) const FTM: &str = "\
Examples:
  actorgraph export ftm -o actorgraph.ftm.json
  actorgraph export ftm --focus NORINCO --depth 2
  actorgraph import ftm ../shared/data/*/zala*.json && actorgraph export ftm --dataset zala";

pub(crate) const SERVE: &str = "\
Examples:
  actorgraph serve
  actorgraph serve --bind 127.0.0.1:8080 --writable --token-file token.txt";

pub(crate) const PUSH: &str = "\
Examples:
  actorgraph push --dry-run
  actorgraph push --dry-run --endpoint http://localhost:8890/sparql --format json

Without --dry-run the graphs go to the endpoint: each replaced whole, so pushing twice leaves it as pushing once.";
