//! Byte-level checks and a round trip through a tiny compact-protocol reader and
//! PLAIN page decoder written independently of the encoder.

use super::*;
use std::collections::BTreeMap;

/// A decoded Thrift value.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Bool(bool),
    Int(i64),
    Double(f64),
    Bin(Vec<u8>),
    List(Vec<V>),
    Struct(BTreeMap<i16, V>),
}

impl V {
    fn get(&self, id: i16) -> &V {
        match self {
            V::Struct(m) => m
                .get(&id)
                .unwrap_or_else(|| panic!("no field {id} in {m:?}")),
            other => panic!("not a struct: {other:?}"),
        }
    }
    fn has(&self, id: i16) -> bool {
        matches!(self, V::Struct(m) if m.contains_key(&id))
    }
    fn int(&self) -> i64 {
        match self {
            V::Int(v) => *v,
            other => panic!("not an int: {other:?}"),
        }
    }
    fn list(&self) -> &[V] {
        match self {
            V::List(v) => v,
            other => panic!("not a list: {other:?}"),
        }
    }
    fn str(&self) -> &str {
        match self {
            V::Bin(b) => std::str::from_utf8(b).unwrap(),
            other => panic!("not binary: {other:?}"),
        }
    }
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(b: &'a [u8], pos: usize) -> Self {
        Reader { b, pos }
    }
    fn take(&mut self, n: usize) -> &'a [u8] {
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        s
    }
    fn byte(&mut self) -> u8 {
        self.take(1)[0]
    }
    fn varint(&mut self) -> u64 {
        let (mut v, mut shift) = (0u64, 0);
        loop {
            let b = self.byte();
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return v;
            }
            shift += 7;
        }
    }
    fn zz(&mut self) -> i64 {
        let u = self.varint();
        (u >> 1) as i64 ^ -((u & 1) as i64)
    }
    fn value(&mut self, ty: u8) -> V {
        match ty {
            1 => V::Bool(true),
            2 => V::Bool(false),
            3 => V::Int(i64::from(self.byte() as i8)),
            4..=6 => V::Int(self.zz()),
            7 => V::Double(f64::from_le_bytes(self.take(8).try_into().unwrap())),
            8 => {
                let n = self.varint() as usize;
                V::Bin(self.take(n).to_vec())
            }
            9 => {
                let h = self.byte();
                let n = match h >> 4 {
                    15 => self.varint() as usize,
                    n => usize::from(n),
                };
                V::List((0..n).map(|_| self.value(h & 0x0f)).collect())
            }
            12 => self.strukt(),
            t => panic!("unexpected compact type {t} at {}", self.pos),
        }
    }
    fn strukt(&mut self) -> V {
        let (mut m, mut last) = (BTreeMap::new(), 0i16);
        loop {
            let h = self.byte();
            if h == 0 {
                return V::Struct(m);
            }
            let id = match h >> 4 {
                0 => self.zz() as i16,
                d => last + i16::from(d),
            };
            last = id;
            assert!(
                m.insert(id, self.value(h & 0x0f)).is_none(),
                "repeated field {id}"
            );
        }
    }
}

/// Checks the framing and returns the decoded FileMetaData and its start offset.
fn footer(bytes: &[u8]) -> (V, usize) {
    let n = bytes.len();
    assert!(n >= 12);
    assert_eq!(&bytes[..4], b"PAR1");
    assert_eq!(&bytes[n - 4..], b"PAR1");
    let len = u32::from_le_bytes(bytes[n - 8..n - 4].try_into().unwrap()) as usize;
    let start = n - 8 - len;
    let mut r = Reader::new(bytes, start);
    let meta = r.strukt();
    assert_eq!(
        r.pos,
        n - 8,
        "metadata must end right before the footer length"
    );
    (meta, start)
}

/// Reads every column back through the footer and page headers.
fn read_back(bytes: &[u8]) -> Vec<Column> {
    let (meta, meta_start) = footer(bytes);
    let rows = meta.get(3).int() as usize;
    let schema = meta.get(2).list();
    let rgs = meta.get(4).list();
    assert_eq!(rgs.len(), 1);
    assert_eq!(rgs[0].get(3).int() as usize, rows);
    let chunks = rgs[0].get(1).list();
    assert_eq!(schema[0].get(5).int() as usize, chunks.len());
    let mut expected_offset = 4;
    let mut out = Vec::new();
    for (leaf, chunk) in schema[1..].iter().zip(chunks) {
        let md = chunk.get(3);
        let ty = md.get(1).int();
        assert_eq!(ty, leaf.get(1).int());
        assert_eq!(leaf.get(3).int(), 0, "REQUIRED");
        assert_eq!(md.get(3).list(), [leaf.get(4).clone()]);
        assert_eq!(md.get(4).int(), 0, "UNCOMPRESSED");
        assert_eq!(md.get(5).int() as usize, rows);
        let offset = md.get(9).int() as usize;
        assert_eq!(offset, expected_offset, "chunks are contiguous");

        let mut r = Reader::new(bytes, offset);
        let ph = r.strukt();
        assert_eq!(ph.get(1).int(), 0, "DATA_PAGE");
        let size = ph.get(3).int() as usize;
        assert_eq!(ph.get(2).int() as usize, size);
        let dph = ph.get(5);
        assert_eq!(dph.get(1).int() as usize, rows);
        assert_eq!(dph.get(2).int(), 0, "PLAIN");
        let data = r.take(size);
        let chunk_len = r.pos - offset;
        assert_eq!(md.get(6).int() as usize, chunk_len);
        assert_eq!(md.get(7).int() as usize, chunk_len);
        expected_offset = r.pos;

        let mut d = Reader::new(data, 0);
        let data = match ty {
            5 => ColumnData::F64(
                (0..rows)
                    .map(|_| f64::from_le_bytes(d.take(8).try_into().unwrap()))
                    .collect(),
            ),
            2 => ColumnData::I64(
                (0..rows)
                    .map(|_| i64::from_le_bytes(d.take(8).try_into().unwrap()))
                    .collect(),
            ),
            6 => {
                assert_eq!(leaf.get(6).int(), 0, "converted_type UTF8");
                assert_eq!(
                    *leaf.get(10),
                    V::Struct([(1, V::Struct(BTreeMap::new()))].into())
                );
                ColumnData::Str(
                    (0..rows)
                        .map(|_| {
                            let n = u32::from_le_bytes(d.take(4).try_into().unwrap());
                            String::from_utf8(d.take(n as usize).to_vec()).unwrap()
                        })
                        .collect(),
                )
            }
            t => panic!("unexpected physical type {t}"),
        };
        assert_eq!(d.pos, data_len(&data), "page fully consumed");
        out.push(Column {
            name: leaf.get(4).str().to_string(),
            data,
        });
    }
    assert_eq!(expected_offset, meta_start, "footer follows the last chunk");
    out
}

fn data_len(d: &ColumnData) -> usize {
    match d {
        ColumnData::F64(v) => 8 * v.len(),
        ColumnData::I64(v) => 8 * v.len(),
        ColumnData::Str(v) => v.iter().map(|s| 4 + s.len()).sum(),
    }
}

fn col(name: &str, data: ColumnData) -> Column {
    Column {
        name: name.to_string(),
        data,
    }
}

fn f64_bits(d: &ColumnData) -> Vec<u64> {
    match d {
        ColumnData::F64(v) => v.iter().map(|x| x.to_bits()).collect(),
        _ => panic!("not f64"),
    }
}

fn sample() -> Vec<Column> {
    let floats = vec![
        0.0,
        -0.0,
        1.5,
        -1e-300,
        f64::MAX,
        f64::MIN_POSITIVE,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::from_bits(0x7ff8_0000_dead_beef),
        std::f64::consts::PI,
        5e-324,
    ];
    let n = floats.len();
    let strs = [
        "",
        "a",
        "héllo",
        "日本語",
        "🚀 mining",
        "tab\tnew\nline",
        "\0",
    ];
    vec![
        col("price", ColumnData::F64(floats)),
        col(
            "path",
            ColumnData::I64((0..n as i64).map(|i| (i - 6) * 0x0123_4567_89ab).collect()),
        ),
        col(
            "extremes",
            ColumnData::I64(
                [i64::MIN, i64::MAX, -1, 0, 1]
                    .iter()
                    .cycle()
                    .take(n)
                    .copied()
                    .collect(),
            ),
        ),
        col(
            "label",
            ColumnData::Str(strs.iter().cycle().take(n).map(|s| s.to_string()).collect()),
        ),
    ]
}

#[test]
fn magic_at_both_ends_and_footer_length_points_at_metadata() {
    let bytes = to_parquet_bytes(&sample()).unwrap();
    let (meta, start) = footer(&bytes);
    // FileMetaData starts with field 1 (i32, delta 1) = version 1 (zigzag 2).
    assert_eq!(&bytes[start..start + 2], [0x15, 0x02]);
    assert_eq!(meta.get(1).int(), 1);
    assert_eq!(meta.get(3).int(), 12);
    assert_eq!(meta.get(6).str(), "hashpivot");
    let schema = meta.get(2).list();
    assert_eq!(schema.len(), 5);
    assert_eq!(schema[0].get(4).str(), "schema");
    assert!(!schema[0].has(1) && !schema[0].has(3), "root is a group");
    assert!(
        !schema[1].has(6) && !schema[1].has(10),
        "f64 carries no annotation"
    );
    // Data page starts right after the leading magic: PageHeader field 1 = DATA_PAGE (0).
    assert_eq!(&bytes[4..6], [0x15, 0x00]);
}

#[test]
fn round_trips_f64_i64_and_utf8_columns() {
    let cols = sample();
    let back = read_back(&to_parquet_bytes(&cols).unwrap());
    assert_eq!(back.len(), cols.len());
    for (a, b) in cols.iter().zip(&back) {
        assert_eq!(a.name, b.name);
        match &a.data {
            ColumnData::F64(_) => assert_eq!(f64_bits(&a.data), f64_bits(&b.data), "bit-exact"),
            _ => assert_eq!(a.data, b.data),
        }
    }
}

#[test]
fn round_trips_zero_rows() {
    let cols = vec![
        col("a", ColumnData::F64(vec![])),
        col("b", ColumnData::I64(vec![])),
        col("c", ColumnData::Str(vec![])),
    ];
    let bytes = to_parquet_bytes(&cols).unwrap();
    assert_eq!(read_back(&bytes), cols);
    assert_eq!(footer(&bytes).0.get(3).int(), 0);
}

#[test]
fn round_trips_many_rows_and_columns() {
    // > 14 columns and long strings exercise the long list/binary length forms.
    let rows = 1000;
    let cols: Vec<Column> = (0..20)
        .map(|i| {
            let name = format!("c{i}");
            match i % 3 {
                0 => col(
                    &name,
                    ColumnData::F64((0..rows).map(|r| r as f64 / 7.0).collect()),
                ),
                1 => col(
                    &name,
                    ColumnData::I64((0..rows).map(|r| r * r - 5000).collect()),
                ),
                _ => col(
                    &name,
                    ColumnData::Str((0..rows).map(|r| "x".repeat(r as usize % 300)).collect()),
                ),
            }
        })
        .collect();
    assert_eq!(read_back(&to_parquet_bytes(&cols).unwrap()), cols);
}

#[test]
fn rejects_invalid_tables() {
    assert_eq!(to_parquet_bytes(&[]), Err(ParquetError::NoColumns));
    let dup = [
        col("x", ColumnData::F64(vec![1.0])),
        col("x", ColumnData::I64(vec![1])),
    ];
    assert_eq!(
        to_parquet_bytes(&dup),
        Err(ParquetError::DuplicateName("x".into()))
    );
    let ragged = [
        col("x", ColumnData::F64(vec![1.0, 2.0])),
        col("y", ColumnData::Str(vec!["a".into()])),
    ];
    let err = to_parquet_bytes(&ragged).unwrap_err();
    assert_eq!(
        err,
        ParquetError::LengthMismatch {
            column: "y".into(),
            expected: 2,
            found: 1
        }
    );
    assert_eq!(
        err.to_string(),
        "column 'y' has 1 rows, but the first column has 2"
    );
}

/// Deterministic pseudo-random stream (SplitMix64) for fixtures.
fn splitmix(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Writes fixture files plus `<name>.expected.json` sidecars for `bench/check_parquet.py`:
/// `HASHPIVOT_PARQUET_DIR=/tmp/pq cargo test -p hashpivot-cli parquet -- --ignored`
#[test]
#[ignore = "writes files for the external reader check (bench/check_parquet.py)"]
fn write_reader_fixtures() {
    let dir = std::path::PathBuf::from(
        std::env::var("HASHPIVOT_PARQUET_DIR").expect("set HASHPIVOT_PARQUET_DIR"),
    );
    std::fs::create_dir_all(&dir).unwrap();
    let mut seed = 42;
    let words = ["hash", "prix", "日本", "Ünïcødé", "🚀", "", "a b"];
    let big = 100_000;
    let fixtures = vec![
        ("mixed", sample()),
        (
            "empty",
            vec![
                col("a", ColumnData::F64(vec![])),
                col("b", ColumnData::I64(vec![])),
                col("c", ColumnData::Str(vec![])),
            ],
        ),
        (
            "big",
            vec![
                // Random bit patterns: every finite double, infinities, NaNs with payloads.
                col(
                    "bits",
                    ColumnData::F64(
                        (0..big)
                            .map(|_| f64::from_bits(splitmix(&mut seed)))
                            .collect(),
                    ),
                ),
                col(
                    "normal",
                    ColumnData::F64((0..big).map(|i| (i as f64).sqrt() * 1e-3 - 0.1).collect()),
                ),
                col(
                    "i",
                    ColumnData::I64((0..big).map(|_| splitmix(&mut seed) as i64).collect()),
                ),
                col(
                    "s",
                    ColumnData::Str(
                        (0..big)
                            .map(|i| {
                                format!("{}-{i}", words[splitmix(&mut seed) as usize % words.len()])
                            })
                            .collect(),
                    ),
                ),
            ],
        ),
        (
            "wide",
            (0..8)
                .map(|c| {
                    col(
                        &format!("p{c}"),
                        ColumnData::F64(
                            (0..10_000)
                                .map(|_| splitmix(&mut seed) as f64 / 1e18)
                                .collect(),
                        ),
                    )
                })
                .collect(),
        ),
    ];
    for (name, cols) in fixtures {
        std::fs::write(
            dir.join(format!("{name}.parquet")),
            to_parquet_bytes(&cols).unwrap(),
        )
        .unwrap();
        let expected: Vec<serde_json::Value> = cols
            .iter()
            .map(|c| match &c.data {
                ColumnData::F64(v) => serde_json::json!({"name": c.name, "type": "f64", "bits": v.iter().map(|x| x.to_bits()).collect::<Vec<_>>()}),
                ColumnData::I64(v) => serde_json::json!({"name": c.name, "type": "i64", "values": v}),
                ColumnData::Str(v) => serde_json::json!({"name": c.name, "type": "str", "values": v}),
            })
            .collect();
        std::fs::write(
            dir.join(format!("{name}.expected.json")),
            serde_json::Value::Array(expected).to_string(),
        )
        .unwrap();
    }
}
