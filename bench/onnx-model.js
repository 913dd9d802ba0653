// A minimal ONNX ModelProto encoder: just the protobuf fields that a graph of
// a few nodes needs, so the benchmark builds its models in code and ships no
// .onnx files and no protobuf dependency.

const FLOAT = 1;
const UINT8 = 2;

// ONNX AttributeProto.AttributeType values.
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

export const ElemType = { float: FLOAT, uint8: UINT8 };

class Writer {
  constructor() {
    this.bytes = [];
  }
  varint(v) {
    // BigInt keeps 64-bit values (negative ints are 10-byte varints) exact.
    let n = BigInt.asUintN(64, BigInt(v));
    while (n >= 0x80n) {
      this.bytes.push(Number(n & 0x7fn) | 0x80);
      n >>= 7n;
    }
    this.bytes.push(Number(n));
    return this;
  }
  tag(field, wire) {
    return this.varint((field << 3) | wire);
  }
  int(field, v) {
    return this.tag(field, 0).varint(v);
  }
  raw(field, bytes) {
    this.tag(field, 2).varint(bytes.length);
    for (const b of bytes) this.bytes.push(b);
    return this;
  }
  str(field, s) {
    return this.raw(field, new TextEncoder().encode(s));
  }
  msg(field, build) {
    const w = new Writer();
    build(w);
    return this.raw(field, w.bytes);
  }
}

function attribute(w, name, value) {
  w.str(1, name);
  if (typeof value === "string") {
    w.raw(4, new TextEncoder().encode(value)).int(20, ATTR_STRING);
  } else if (Array.isArray(value)) {
    for (const v of value) w.int(8, v);
    w.int(20, ATTR_INTS);
  } else {
    w.int(3, value).int(20, ATTR_INT);
  }
}

function valueInfo(w, { name, type, shape }) {
  w.str(1, name);
  w.msg(2, (tp) =>
    tp.msg(1, (tt) => {
      tt.int(1, ElemType[type]);
      tt.msg(2, (sh) => {
        for (const d of shape) {
          sh.msg(1, (dim) => (typeof d === "string" ? dim.str(2, d) : dim.int(1, d)));
        }
      });
    }),
  );
}

/**
 * encodeModel returns the bytes of an ONNX model.
 * nodes: [{ op, inputs: [names], outputs: [names], attrs: { name: int | ints | string } }]
 * inputs, outputs: [{ name, type: "float" | "uint8", shape: [int | "symbol"] }]
 * Dimensions may be symbolic so that one model serves every picture size.
 */
export function encodeModel({ nodes, inputs, outputs, opset = 18 }) {
  const m = new Writer();
  m.int(1, 8); // ir_version 8 goes with opsets up to 18
  m.str(2, "poolkit-bench");
  m.msg(7, (g) => {
    nodes.forEach((n, i) =>
      g.msg(1, (nw) => {
        for (const x of n.inputs) nw.str(1, x);
        for (const x of n.outputs) nw.str(2, x);
        nw.str(3, `n${i}`);
        nw.str(4, n.op);
        for (const [k, v] of Object.entries(n.attrs ?? {})) nw.msg(5, (a) => attribute(a, k, v));
      }),
    );
    g.str(2, "g");
    for (const x of inputs) g.msg(11, (v) => valueInfo(v, x));
    for (const x of outputs) g.msg(12, (v) => valueInfo(v, x));
  });
  m.msg(8, (o) => o.str(1, "").int(2, opset));
  return new Uint8Array(m.bytes);
}
