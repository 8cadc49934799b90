//! Minimal Thrift compact-protocol encoder: just the parts the Parquet page headers
//! and footer need (i32, i64, binary, lists, nested structs). Write-only.

/// Compact-protocol type ids (field types; list element types use the same numbers here).
pub(super) const T_I32: u8 = 5;
pub(super) const T_I64: u8 = 6;
pub(super) const T_BINARY: u8 = 8;
pub(super) const T_LIST: u8 = 9;
pub(super) const T_STRUCT: u8 = 12;

/// ZigZag: maps signed to unsigned so small magnitudes stay small (0→0, -1→1, 1→2, …).
pub(super) fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// Unsigned LEB128 varint.
pub(super) fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Writes one top-level struct. Fields must be written with ascending ids within each
/// struct (the short field header stores the delta from the previous id).
pub(super) struct CompactWriter {
    buf: Vec<u8>,
    last_id: i16,
}

impl CompactWriter {
    pub(super) fn new() -> Self {
        CompactWriter {
            buf: Vec::new(),
            last_id: 0,
        }
    }

    /// Ends the top-level struct and returns its bytes.
    pub(super) fn finish(mut self) -> Vec<u8> {
        self.buf.push(0);
        self.buf
    }

    fn field_header(&mut self, id: i16, ty: u8) {
        let delta = i32::from(id) - i32::from(self.last_id);
        if (1..=15).contains(&delta) {
            self.buf.push(((delta as u8) << 4) | ty);
        } else {
            self.buf.push(ty);
            write_varint(&mut self.buf, zigzag(i64::from(id)));
        }
        self.last_id = id;
    }

    fn list_header(&mut self, elem_ty: u8, len: usize) {
        if len < 15 {
            self.buf.push(((len as u8) << 4) | elem_ty);
        } else {
            self.buf.push(0xf0 | elem_ty);
            write_varint(&mut self.buf, len as u64);
        }
    }

    /// Runs `f` as the body of a nested struct: field ids restart at 0, then a stop byte.
    fn nested(&mut self, f: impl FnOnce(&mut Self)) {
        let saved = std::mem::replace(&mut self.last_id, 0);
        f(self);
        self.buf.push(0);
        self.last_id = saved;
    }

    pub(super) fn i32(&mut self, id: i16, v: i32) {
        self.field_header(id, T_I32);
        write_varint(&mut self.buf, zigzag(i64::from(v)));
    }

    pub(super) fn i64(&mut self, id: i16, v: i64) {
        self.field_header(id, T_I64);
        write_varint(&mut self.buf, zigzag(v));
    }

    pub(super) fn binary(&mut self, id: i16, v: &[u8]) {
        self.field_header(id, T_BINARY);
        write_varint(&mut self.buf, v.len() as u64);
        self.buf.extend_from_slice(v);
    }

    pub(super) fn strukt(&mut self, id: i16, f: impl FnOnce(&mut Self)) {
        self.field_header(id, T_STRUCT);
        self.nested(f);
    }

    pub(super) fn list_i32(&mut self, id: i16, items: &[i32]) {
        self.field_header(id, T_LIST);
        self.list_header(T_I32, items.len());
        for &v in items {
            write_varint(&mut self.buf, zigzag(i64::from(v)));
        }
    }

    pub(super) fn list_binary(&mut self, id: i16, items: &[&[u8]]) {
        self.field_header(id, T_LIST);
        self.list_header(T_BINARY, items.len());
        for v in items {
            write_varint(&mut self.buf, v.len() as u64);
            self.buf.extend_from_slice(v);
        }
    }

    pub(super) fn list_struct<T>(
        &mut self,
        id: i16,
        items: &[T],
        mut f: impl FnMut(&mut Self, &T),
    ) {
        self.field_header(id, T_LIST);
        self.list_header(T_STRUCT, items.len());
        for item in items {
            self.nested(|w| f(w, item));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(v: u64) -> Vec<u8> {
        let mut out = Vec::new();
        write_varint(&mut out, v);
        out
    }

    #[test]
    fn zigzag_known_vectors() {
        assert_eq!(zigzag(0), 0);
        assert_eq!(zigzag(-1), 1);
        assert_eq!(zigzag(1), 2);
        assert_eq!(zigzag(-2), 3);
        assert_eq!(zigzag(2147483647), 4294967294);
        assert_eq!(zigzag(-2147483648), 4294967295);
        assert_eq!(zigzag(i64::MAX), u64::MAX - 1);
        assert_eq!(zigzag(i64::MIN), u64::MAX);
    }

    #[test]
    fn varint_known_vectors() {
        assert_eq!(varint(0), [0x00]);
        assert_eq!(varint(1), [0x01]);
        assert_eq!(varint(127), [0x7f]);
        assert_eq!(varint(128), [0x80, 0x01]);
        assert_eq!(varint(300), [0xac, 0x02]);
        assert_eq!(varint(50399), [0xdf, 0x89, 0x03]);
        assert_eq!(varint(u64::MAX).len(), 10);
        assert_eq!(*varint(u64::MAX).last().unwrap(), 0x01);
    }

    #[test]
    fn field_headers_use_deltas_and_long_form() {
        let mut w = CompactWriter::new();
        w.i32(1, 1); // delta 1, I32: 0x15, zigzag(1)=2
        w.i64(3, -1); // delta 2, I64: 0x26, zigzag(-1)=1
        w.binary(20, b"ab"); // delta 17 > 15: long form 0x08, zigzag(20)=40
        w.i32(19, 0); // negative delta: long form 0x05, zigzag(19)=38
        assert_eq!(
            w.finish(),
            [
                0x15, 0x02, 0x26, 0x01, 0x08, 40, 2, b'a', b'b', 0x05, 38, 0x00, 0x00
            ]
        );
    }

    #[test]
    fn nested_structs_restart_and_restore_field_ids() {
        let mut w = CompactWriter::new();
        w.i32(4, 7);
        w.strukt(5, |w| w.i32(1, 0));
        w.i32(6, 0);
        // 0x45 14 | 0x1c (delta 1, struct) [0x15 0x00 stop] | 0x15 (delta 1 from 5) 0x00 | stop
        assert_eq!(
            w.finish(),
            [0x45, 14, 0x1c, 0x15, 0x00, 0x00, 0x15, 0x00, 0x00]
        );
    }

    #[test]
    fn list_headers_short_and_long_form() {
        let mut w = CompactWriter::new();
        w.list_i32(1, &[0, -1]);
        assert_eq!(w.finish(), [0x19, 0x25, 0x00, 0x01, 0x00]);

        let mut w = CompactWriter::new();
        w.list_i32(1, &[0; 15]);
        let b = w.finish();
        assert_eq!(&b[..3], [0x19, 0xf5, 15]);
        assert_eq!(b.len(), 3 + 15 + 1);

        let mut w = CompactWriter::new();
        w.list_binary(2, &[b"x"]);
        w.list_struct(3, &[1, 2], |w, &v| w.i64(1, v));
        assert_eq!(
            w.finish(),
            [
                0x29, 0x18, 1, b'x', 0x19, 0x2c, 0x16, 2, 0x00, 0x16, 4, 0x00, 0x00
            ]
        );
    }
}
