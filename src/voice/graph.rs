//! A Piper model split in two at its decoder's input: the encoder (text
//! encoder, duration predictor, flow) gives the latent frames, and the
//! decoder (HiFi-GAN: convolutions only) turns them into audio. Run whole,
//! the decoder's activations for the longest sentence are most of a
//! build's memory; run over overlapping windows of the frames, they are
//! those of a few seconds, and the audio is the same, since each output
//! sample depends only on the frames around it ([`super::piper`]).
//!
//! The split works on the ONNX file's protobuf encoding directly, field
//! by field, copying every field it does not need to understand: nodes
//! go to the part that needs them, initializers follow their nodes, and
//! the cut tensor becomes the encoder's output and the decoder's input.
//! Anything unexpected (control flow, sparse initializers, a decoder that
//! needs another input) gives `None`, and the model runs whole.

use std::collections::{HashMap, HashSet};

/// A field of a protobuf message: its number, its bytes as written
/// (tag included), and its payload when length-delimited.
struct Field<'a> {
    number: u64,
    raw: &'a [u8],
    payload: Option<&'a [u8]>,
}

fn varint(b: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*at)?;
        *at += 1;
        v |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn fields(b: &[u8]) -> Option<Vec<Field<'_>>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < b.len() {
        let start = at;
        let tag = varint(b, &mut at)?;
        let payload = match tag & 7 {
            0 => {
                varint(b, &mut at)?;
                None
            }
            1 => {
                at += 8;
                None
            }
            2 => {
                let n = usize::try_from(varint(b, &mut at)?).ok()?;
                let p = b.get(at..at.checked_add(n)?)?;
                at += n;
                Some(p)
            }
            5 => {
                at += 4;
                None
            }
            _ => return None,
        };
        if at > b.len() {
            return None;
        }
        out.push(Field {
            number: tag >> 3,
            raw: &b[start..at],
            payload,
        });
    }
    Some(out)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_bytes(out: &mut Vec<u8>, number: u64, bytes: &[u8]) {
    put_varint(out, (number << 3) | 2);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// The strings of field `number` in a message.
fn strings(b: &[u8], number: u64) -> Option<Vec<&str>> {
    fields(b)?
        .into_iter()
        .filter(|f| f.number == number)
        .map(|f| std::str::from_utf8(f.payload?).ok())
        .collect()
}

fn string(b: &[u8], number: u64) -> Option<&str> {
    Some(strings(b, number)?.into_iter().next().unwrap_or(""))
}

// Field numbers (onnx.proto).
const MODEL_GRAPH: u64 = 7;
const GRAPH_NODE: u64 = 1;
const GRAPH_INITIALIZER: u64 = 5;
const GRAPH_INPUT: u64 = 11;
const GRAPH_OUTPUT: u64 = 12;
const GRAPH_VALUE_INFO: u64 = 13;
const GRAPH_SPARSE_INITIALIZER: u64 = 15;
const NODE_INPUT: u64 = 1;
const NODE_OUTPUT: u64 = 2;
const NODE_NAME: u64 = 3;
const NODE_OP: u64 = 4;
const TENSOR_NAME: u64 = 8;
const VALUE_NAME: u64 = 1;

struct Node<'a> {
    inputs: Vec<&'a str>,
    outputs: Vec<&'a str>,
    name: &'a str,
}

/// The two halves of a model, each a complete ONNX model.
pub struct Split {
    pub encoder: Vec<u8>,
    pub decoder: Vec<u8>,
    /// The tensor between them: the encoder's output, the decoder's input.
    pub latent: String,
}

/// Splits `model` at the first input of the node named `first_decoder_node`
/// (Piper's exports name it `/dec/conv_pre/Conv`).
pub fn split(model: &[u8], first_decoder_node: &str) -> Option<Split> {
    let top = fields(model)?;
    let graphs: Vec<&Field> = top.iter().filter(|f| f.number == MODEL_GRAPH).collect();
    let [graph] = graphs.as_slice() else {
        return None;
    };
    let g = fields(graph.payload?)?;
    if g.iter().any(|f| f.number == GRAPH_SPARSE_INITIALIZER) {
        return None;
    }
    let mut nodes = Vec::new();
    for f in g.iter().filter(|f| f.number == GRAPH_NODE) {
        let b = f.payload?;
        if matches!(string(b, NODE_OP)?, "If" | "Loop" | "Scan") {
            return None;
        }
        nodes.push(Node {
            inputs: strings(b, NODE_INPUT)?,
            outputs: strings(b, NODE_OUTPUT)?,
            name: string(b, NODE_NAME)?,
        });
    }
    let named = |n: u64, key: u64| -> Option<HashSet<&str>> {
        g.iter()
            .filter(|f| f.number == n)
            .map(|f| string(f.payload?, key))
            .collect()
    };
    let initializers = named(GRAPH_INITIALIZER, TENSOR_NAME)?;
    let inputs = named(GRAPH_INPUT, VALUE_NAME)?;
    let outputs: Vec<&str> = g
        .iter()
        .filter(|f| f.number == GRAPH_OUTPUT)
        .map(|f| string(f.payload?, VALUE_NAME))
        .collect::<Option<_>>()?;
    let latent = *nodes
        .iter()
        .find(|n| n.name == first_decoder_node)?
        .inputs
        .first()?;
    let producer: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .flat_map(|(i, n)| n.outputs.iter().map(move |o| (*o, i)))
        .collect();
    // The nodes `targets` need, back to `stop`, initializers and inputs;
    // `None` if that reaches an input other than `stop`'s and `allow_inputs`
    // is false.
    let needed = |targets: &[&str], stop: Option<&str>, allow_inputs: bool| {
        let mut set = HashSet::new();
        let mut todo: Vec<&str> = targets.to_vec();
        while let Some(t) = todo.pop() {
            if t.is_empty() || Some(t) == stop || initializers.contains(t) {
                continue;
            }
            if inputs.contains(t) {
                if allow_inputs {
                    continue;
                }
                return None;
            }
            let p = *producer.get(t)?;
            if set.insert(p) {
                todo.extend(nodes[p].inputs.iter().copied());
            }
        }
        Some(set)
    };
    let enc = needed(&[latent], None, true)?;
    let dec = needed(&outputs, Some(latent), false)?;
    if dec.is_empty() || enc.is_empty() {
        return None;
    }
    let value = value_info(latent);
    let part = |set: &HashSet<usize>, encoder: bool| -> Option<Vec<u8>> {
        let used: HashSet<&str> = set
            .iter()
            .flat_map(|&i| nodes[i].inputs.iter().copied())
            .collect();
        let mut out = Vec::new();
        let (mut node, mut io_done) = (0, false);
        for f in &g {
            match f.number {
                GRAPH_NODE => {
                    if set.contains(&node) {
                        out.extend_from_slice(f.raw);
                    }
                    node += 1;
                }
                GRAPH_INITIALIZER => {
                    if used.contains(string(f.payload?, TENSOR_NAME)?) {
                        out.extend_from_slice(f.raw);
                    }
                }
                // The encoder keeps the model's inputs and ends at the
                // latent; the decoder starts there and keeps the outputs.
                GRAPH_INPUT if encoder => out.extend_from_slice(f.raw),
                GRAPH_OUTPUT if !encoder => out.extend_from_slice(f.raw),
                GRAPH_INPUT | GRAPH_OUTPUT => {
                    if !io_done {
                        put_bytes(&mut out, f.number, &value);
                        io_done = true;
                    }
                }
                // Shapes of inner tensors: optional, and partly wrong now.
                GRAPH_VALUE_INFO => {}
                _ => out.extend_from_slice(f.raw),
            }
        }
        let mut m = Vec::with_capacity(model.len() / 2);
        for f in &top {
            match f.number {
                MODEL_GRAPH => put_bytes(&mut m, MODEL_GRAPH, &out),
                _ => m.extend_from_slice(f.raw),
            }
        }
        Some(m)
    };
    Some(Split {
        encoder: part(&enc, true)?,
        decoder: part(&dec, false)?,
        latent: latent.to_string(),
    })
}

/// ValueInfoProto { name, type: TypeProto { tensor_type: { elem_type:
/// FLOAT } } }: a float tensor of any shape.
fn value_info(name: &str) -> Vec<u8> {
    let mut tensor = Vec::new();
    put_varint(&mut tensor, 1 << 3); // elem_type, varint
    put_varint(&mut tensor, 1); // FLOAT
    let mut ty = Vec::new();
    put_bytes(&mut ty, 1, &tensor); // tensor_type
    let mut v = Vec::new();
    put_bytes(&mut v, VALUE_NAME, name.as_bytes());
    put_bytes(&mut v, 2, &ty);
    v
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn node(name: &str, op: &str, inputs: &[&str], outputs: &[&str]) -> Vec<u8> {
        let mut n = Vec::new();
        for i in inputs {
            put_bytes(&mut n, NODE_INPUT, i.as_bytes());
        }
        for o in outputs {
            put_bytes(&mut n, NODE_OUTPUT, o.as_bytes());
        }
        put_bytes(&mut n, NODE_NAME, name.as_bytes());
        put_bytes(&mut n, NODE_OP, op.as_bytes());
        n
    }

    fn tensor(name: &str) -> Vec<u8> {
        let mut t = Vec::new();
        put_bytes(&mut t, TENSOR_NAME, name.as_bytes());
        put_bytes(&mut t, 9, &[1, 2, 3, 4]); // raw_data
        t
    }

    /// x → A → t → B → lat → dec0 (with w) → y → D (with k from K) → out
    pub(crate) fn model(extra_decoder_input: bool) -> Vec<u8> {
        let mut g = Vec::new();
        put_bytes(&mut g, GRAPH_NODE, &node("A", "Relu", &["x"], &["t"]));
        put_bytes(&mut g, GRAPH_NODE, &node("B", "Mul", &["t", "s"], &["lat"]));
        let d_in: &[&str] = if extra_decoder_input {
            &["lat", "w", "x"]
        } else {
            &["lat", "w"]
        };
        put_bytes(&mut g, GRAPH_NODE, &node("dec0", "Conv", d_in, &["y"]));
        put_bytes(&mut g, GRAPH_NODE, &node("K", "Constant", &[], &["k"]));
        put_bytes(
            &mut g,
            GRAPH_NODE,
            &node("D", "Unsqueeze", &["y", "k"], &["out"]),
        );
        put_bytes(&mut g, 2, b"main");
        for t in ["s", "w", "unused"] {
            put_bytes(&mut g, GRAPH_INITIALIZER, &tensor(t));
        }
        put_bytes(&mut g, GRAPH_INPUT, &value_info("x"));
        put_bytes(&mut g, GRAPH_OUTPUT, &value_info("out"));
        put_bytes(&mut g, GRAPH_VALUE_INFO, &value_info("t"));
        let mut m = Vec::new();
        put_varint(&mut m, 1 << 3);
        put_varint(&mut m, 8); // ir_version
        put_bytes(&mut m, MODEL_GRAPH, &g);
        put_bytes(&mut m, 8, b"\x12\x00"); // an opset_import, copied as is
        m
    }

    fn parts(m: &[u8]) -> (Vec<String>, Vec<String>, Vec<String>, Vec<String>) {
        let top = fields(m).unwrap();
        let g = top
            .iter()
            .find(|f| f.number == MODEL_GRAPH)
            .unwrap()
            .payload
            .unwrap();
        assert!(top.iter().any(|f| f.number == 8), "opset kept");
        let of = |n: u64, key: u64| -> Vec<String> {
            fields(g)
                .unwrap()
                .iter()
                .filter(|f| f.number == n)
                .map(|f| string(f.payload.unwrap(), key).unwrap().to_string())
                .collect()
        };
        (
            of(GRAPH_NODE, NODE_NAME),
            of(GRAPH_INITIALIZER, TENSOR_NAME),
            of(GRAPH_INPUT, VALUE_NAME),
            of(GRAPH_OUTPUT, VALUE_NAME),
        )
    }

    #[test]
    fn splits_at_the_decoders_input() {
        let s = split(&model(false), "dec0").unwrap();
        assert_eq!(s.latent, "lat");
        let (nodes, inits, inputs, outputs) = parts(&s.encoder);
        assert_eq!(nodes, ["A", "B"]);
        assert_eq!(inits, ["s"]);
        assert_eq!(
            (inputs, outputs),
            (vec!["x".to_string()], vec!["lat".to_string()])
        );
        let (nodes, inits, inputs, outputs) = parts(&s.decoder);
        assert_eq!(nodes, ["dec0", "K", "D"], "the constant goes with its user");
        assert_eq!(inits, ["w"]);
        assert_eq!(
            (inputs, outputs),
            (vec!["lat".to_string()], vec!["out".to_string()])
        );
    }

    #[test]
    fn refuses_what_it_cannot_split() {
        // The decoder needs a model input besides the latent.
        assert!(split(&model(true), "dec0").is_none());
        // No such node; not a protobuf; control flow.
        assert!(split(&model(false), "dec9").is_none());
        assert!(split(b"\xff\xff\xff", "dec0").is_none());
        let mut g = Vec::new();
        put_bytes(&mut g, GRAPH_NODE, &node("dec0", "If", &["x"], &["out"]));
        let mut m = Vec::new();
        put_bytes(&mut m, MODEL_GRAPH, &g);
        assert!(split(&m, "dec0").is_none());
    }
}
