//! serde's `Serialize` and `Deserialize` for [`Obj`] (feature `serde`), built on the
//! core's scope of shared ids ([`serde_graph`](crate::serde_graph)). What is written
//! for each Python object is documented on the impl (`impl Serialize for Obj`), where
//! rustdoc shows it: on `Obj`'s page.

use std::fmt;

use ::serde::Deserialize;
use ::serde::de::{
    self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor,
};
use ::serde::ser::{self, Serialize, Serializer};
use num_bigint::BigInt;

use crate::memory::serde::{
    Found, Space, Visit, fill, find, finish, outside_scope, reserve, unknown_id, visit,
};
use crate::pyobject::{
    Obj, PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PySet, PyStr, PyTuple, frozenset_elements,
};

/// How a value that is not a plain scalar is tagged: the variant of the newtype enum
/// `Obj` it is written as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tag {
    Int,
    Float,
    Bytes,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Ref,
}

const TAGS: &[&str] = &[
    "int",
    "float",
    "bytes",
    "list",
    "tuple",
    "dict",
    "set",
    "frozenset",
    "ref",
];

const ALL: [Tag; 9] = [
    Tag::Int,
    Tag::Float,
    Tag::Bytes,
    Tag::List,
    Tag::Tuple,
    Tag::Dict,
    Tag::Set,
    Tag::FrozenSet,
    Tag::Ref,
];

impl Tag {
    fn name(self) -> &'static str {
        TAGS[self as usize]
    }

    /// Writes `value` tagged with `self`.
    fn write<S: Serializer, T: Serialize + ?Sized>(
        self,
        serializer: S,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_variant("Obj", self as u32, self.name(), value)
    }

    /// Whether a container of this kind is named before its items are read (so that its
    /// items may refer to it).
    fn named_first(self) -> bool {
        matches!(self, Tag::List | Tag::Dict)
    }
}

/// Bytes, written with the format's own `serialize_bytes`.
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

/// Python objects as serde values (feature `serde`), with their identity kept inside a
/// [`Graph`](crate::serde_graph::Graph):
///
/// | Python object | written as (JSON) |
/// |---|---|
/// | `None`, `True`, `False` | `null`, `true`, `false` |
/// | an int that fits an `i64` | a number: `7` |
/// | a larger int | `{"int":"123456789012345678901234567890"}` |
/// | a finite float | a number: `1.5`, `2.0` |
/// | `nan`, `inf`, `-inf` | `{"float":"nan"}`, `{"float":"inf"}`, `{"float":"-inf"}` |
/// | a str | a string |
/// | bytes | `{"bytes":[104,105]}` (the format's bytes) |
/// | list, tuple, set, frozenset | `{"list":[...]}`, `{"tuple":[...]}`, `{"set":[...]}`, `{"frozenset":[...]}` |
/// | dict | `{"dict":[[key,value],...]}` (keys need not be strings) |
/// | a container met before | `{"ref":n}`: the `n`-th container written in this `Graph` |
///
/// Containers keep their identity: inside a [`Graph`](crate::serde_graph::Graph) (or
/// [`with_shared_ids`](crate::serde_graph::with_shared_ids)) a list, tuple, dict, set or
/// frozenset met twice is written once, then referred to, and read back as one object.
/// A container serialized outside such a scope is an error; the other objects need none.
///
/// Cycles are kept through lists and dicts, which are made empty and named before their
/// items are read (`a = []; a.append(a)` is `{"list":[{"ref":0}]}`). A cycle through a
/// tuple alone cannot be rebuilt (a tuple exists only once its items do): it is refused
/// when serialized. Reading from the start of such a cycle that goes through a list
/// works: serialize the list, not the tuple.
///
/// Any other object (a function, a class instance, a subclass of a builtin type) is
/// refused, with `cannot serialize 'function' object`. Deserializing needs a
/// self-describing format (JSON, CBOR, MessagePack...): an `Obj` says its type as it
/// goes. A bare sequence is read as a list.
///
/// ```
/// use pyobj::serde_graph::Graph;
/// use pyobj::{Obj, PyList};
///
/// let point = Obj::dict_from([(Obj::from("x"), Obj::from(1.5))]).unwrap();
/// let list = Obj::list([point.clone(), point, Obj::bytes(b"hi")]);
/// list.downcast_ref::<PyList>().unwrap().append(list.clone()); // a cycle
/// let text = serde_json::to_string(&Graph(&list)).unwrap();
/// assert_eq!(text, r#"{"list":[{"dict":[["x",1.5]]},{"ref":1},{"bytes":[104,105]},{"ref":0}]}"#);
///
/// let Graph(back): Graph<Obj> = serde_json::from_str(&text).unwrap();
/// assert_eq!(back.repr().unwrap(), "[{'x': 1.5}, {'x': 1.5}, b'hi', [...]]");
/// let items = back.downcast_ref::<PyList>().unwrap().snapshot();
/// assert!(items[0].is(&items[1]) && items[3].is(&back));
/// ```
impl Serialize for Obj {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_none() {
            return serializer.serialize_unit();
        }
        if let Some(value) = self.downcast_ref::<PyBool>() {
            return serializer.serialize_bool(value.value());
        }
        if let Some(value) = self.downcast_ref::<PyInt>() {
            return match value.to_i64() {
                Some(small) => serializer.serialize_i64(small),
                None => Tag::Int.write(serializer, &value.to_bigint().to_string()),
            };
        }
        if let Some(value) = self.downcast_ref::<PyFloat>() {
            let value = value.value();
            return match value {
                _ if value.is_finite() => serializer.serialize_f64(value),
                _ if value.is_nan() => Tag::Float.write(serializer, "nan"),
                _ if value > 0.0 => Tag::Float.write(serializer, "inf"),
                _ => Tag::Float.write(serializer, "-inf"),
            };
        }
        if let Some(text) = self.downcast_ref::<PyStr>() {
            return serializer.serialize_str(text.as_str());
        }
        if let Some(bytes) = self.downcast_ref::<PyBytes>() {
            return Tag::Bytes.write(serializer, &Bytes(bytes.as_bytes()));
        }
        let tag = if self.is_exact::<PyList>() {
            Tag::List
        } else if self.is_exact::<PyTuple>() {
            Tag::Tuple
        } else if self.is_exact::<PyDict>() {
            Tag::Dict
        } else if self.is_exact::<PySet>() {
            Tag::Set
        } else if let Some(elements) = frozenset_elements(self) {
            return container(self, Tag::FrozenSet, serializer, || elements);
        } else {
            return Err(ser::Error::custom(format!(
                "cannot serialize '{}' object",
                self.type_name()
            )));
        };
        container(self, tag, serializer, Vec::new)
    }
}

/// Writes the container `obj` of kind `tag` whole the first time it is met in the scope
/// (`frozen` gives a frozenset's elements), `{"ref": n}` after.
fn container<S: Serializer>(
    obj: &Obj,
    tag: Tag,
    serializer: S,
    frozen: impl FnOnce() -> Vec<Obj>,
) -> Result<S::Ok, S::Error> {
    let object = obj.header_ptr();
    match visit(Space::Dynamic, object) {
        None => Err(ser::Error::custom(outside_scope(&format!(
            "a '{}' object",
            tag.name()
        )))),
        Some(Visit::Done(id)) => Tag::Ref.write(serializer, &id),
        Some(Visit::InProgress(id)) if tag.named_first() => Tag::Ref.write(serializer, &id),
        Some(Visit::InProgress(_)) => Err(ser::Error::custom(format!(
            "cannot serialize a cycle through a '{}' object: it is reached again from inside \
             itself, and only a list or a dict can be rebuilt before its items",
            tag.name()
        ))),
        Some(Visit::First) => {
            let written = match (
                tag,
                obj.downcast_ref::<PyList>(),
                obj.downcast_ref::<PyTuple>(),
                obj.downcast_ref::<PyDict>(),
                obj.downcast_ref::<PySet>(),
            ) {
                (Tag::List, Some(list), ..) => tag.write(serializer, &list.snapshot()),
                (Tag::Tuple, _, Some(tuple), ..) => tag.write(serializer, tuple.as_slice()),
                (Tag::Dict, _, _, Some(dict), _) => tag.write(serializer, &dict.items()),
                (Tag::Set, .., Some(set)) => tag.write(serializer, &set.elements()),
                _ => tag.write(serializer, &frozen()),
            };
            finish(Space::Dynamic, object);
            written
        }
    }
}

/// Reads what `Serialize` wrote (and any scalar of the format: a `u64`, an `i128`, a
/// bare sequence as a list).
impl<'de> Deserialize<'de> for Obj {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Obj, D::Error> {
        deserializer.deserialize_any(ObjVisitor)
    }
}

struct ObjVisitor;

impl<'de> Visitor<'de> for ObjVisitor {
    type Value = Obj;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(
            "a Python object: null, a bool, a number, a string, a sequence, or a map of one \
             entry (int, float, bytes, list, tuple, dict, set, frozenset or ref)",
        )
    }

    fn visit_unit<E: de::Error>(self) -> Result<Obj, E> {
        Ok(Obj::none())
    }

    fn visit_none<E: de::Error>(self) -> Result<Obj, E> {
        Ok(Obj::none())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Obj, D::Error> {
        Obj::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Obj, E> {
        Ok(Obj::from(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Obj, E> {
        Ok(Obj::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Obj, E> {
        Ok(Obj::from(value))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Obj, E> {
        Ok(Obj::from(value))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Obj, E> {
        Ok(Obj::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Obj, E> {
        Ok(Obj::from(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Obj, E> {
        Ok(Obj::from(value))
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Obj, E> {
        Ok(Obj::bytes(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Obj, A::Error> {
        let list = named(Tag::List, Obj::list_from_vec(Vec::new()))?;
        ListItems(&list).visit_seq(seq)?;
        Ok(list)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Obj, A::Error> {
        let Some(tag) = map.next_key::<TagName>()? else {
            return Err(de::Error::invalid_length(0, &"a map of one entry"));
        };
        let obj = match tag.0 {
            Tag::Int => {
                let text: String = map.next_value()?;
                let value = text.parse::<BigInt>().map_err(|_| {
                    de::Error::invalid_value(Unexpected::Str(&text), &"an int in decimal")
                })?;
                Obj::from(value)
            }
            Tag::Float => {
                let text: String = map.next_value()?;
                Obj::from(match text.as_str() {
                    "nan" => f64::NAN,
                    "inf" => f64::INFINITY,
                    "-inf" => f64::NEG_INFINITY,
                    _ => {
                        return Err(de::Error::invalid_value(
                            Unexpected::Str(&text),
                            &"nan, inf or -inf",
                        ));
                    }
                })
            }
            Tag::Bytes => Obj::bytes(&map.next_value::<ByteBuf>()?.0),
            Tag::List => {
                let list = named(Tag::List, Obj::list_from_vec(Vec::new()))?;
                map.next_value_seed(ListItems(&list))?;
                list
            }
            Tag::Dict => {
                let dict = named(Tag::Dict, Obj::dict())?;
                map.next_value_seed(DictItems(&dict))?;
                dict
            }
            Tag::Tuple | Tag::Set | Tag::FrozenSet => {
                let id = reserve(Space::Dynamic).ok_or_else(|| {
                    de::Error::custom(outside_scope(&format!("a '{}' object", tag.0.name())))
                })?;
                let items: Vec<Obj> = map.next_value()?;
                let made = match tag.0 {
                    Tag::Tuple => Ok(Obj::tuple(items)),
                    Tag::Set => Obj::set(items),
                    _ => Obj::frozenset(items),
                };
                let obj = made.map_err(|error| de::Error::custom(error.to_string()))?;
                fill(Space::Dynamic, id, obj.clone().into_any());
                obj
            }
            Tag::Ref => {
                let id: u64 = map.next_value()?;
                match find(Space::Dynamic, id) {
                    None => {
                        return Err(de::Error::custom(outside_scope(&format!(
                            "{{\"ref\": {id}}}"
                        ))));
                    }
                    Some(Found::Ready(object)) => Obj::from_any(object).map_err(|_| {
                        de::Error::custom(format!("{{\"ref\": {id}}} names no Python object"))
                    })?,
                    Some(Found::Pending) => {
                        return Err(de::Error::custom(format!(
                            "{{\"ref\": {id}}} names a tuple, set or frozenset from inside \
                             itself (a cycle), which cannot be rebuilt"
                        )));
                    }
                    Some(Found::Unknown) => return Err(de::Error::custom(unknown_id(id))),
                }
            }
        };
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom(format!(
                "a tagged Python object is a map of one entry; `{}` has more",
                tag.0.name()
            )));
        }
        Ok(obj)
    }
}

/// Gives `obj`, a new empty list or dict, the next id before its items are read.
fn named<E: de::Error>(tag: Tag, obj: Obj) -> Result<Obj, E> {
    let id = reserve(Space::Dynamic)
        .ok_or_else(|| E::custom(outside_scope(&format!("a '{}' object", tag.name()))))?;
    fill(Space::Dynamic, id, obj.clone().into_any());
    Ok(obj)
}

/// Reads a sequence of items into a list already named.
struct ListItems<'a>(&'a Obj);

impl<'de> DeserializeSeed<'de> for ListItems<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ListItems<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("the items of a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let list = self
            .0
            .downcast_ref::<PyList>()
            .ok_or_else(|| de::Error::custom("a list was expected"))?;
        while let Some(item) = seq.next_element::<Obj>()? {
            list.append(item);
        }
        Ok(())
    }
}

/// Reads a sequence of `[key, value]` pairs into a dict already named.
struct DictItems<'a>(&'a Obj);

impl<'de> DeserializeSeed<'de> for DictItems<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for DictItems<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("the items of a dict, as [key, value] pairs")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some((key, value)) = seq.next_element::<(Obj, Obj)>()? {
            self.0
                .set_item(&key, &value)
                .map_err(|error| de::Error::custom(error.to_string()))?;
        }
        Ok(())
    }
}

/// The key of a tagged object.
struct TagName(Tag);

impl<'de> Deserialize<'de> for TagName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;
        impl Visitor<'_> for TagVisitor {
            type Value = TagName;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("the tag of a Python object")
            }
            fn visit_u64<E: de::Error>(self, index: u64) -> Result<TagName, E> {
                usize::try_from(index)
                    .ok()
                    .and_then(|index| ALL.get(index))
                    .map(|&tag| TagName(tag))
                    .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(index), &self))
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<TagName, E> {
                ALL.iter()
                    .find(|tag| tag.name() == name)
                    .map(|&tag| TagName(tag))
                    .ok_or_else(|| E::unknown_variant(name, TAGS))
            }
        }
        deserializer.deserialize_identifier(TagVisitor)
    }
}

/// Bytes as the format gives them: its own bytes, or a sequence of numbers (JSON).
struct ByteBuf(Vec<u8>);

impl<'de> Deserialize<'de> for ByteBuf {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BytesVisitor;
        impl<'de> Visitor<'de> for BytesVisitor {
            type Value = ByteBuf;
            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("bytes")
            }
            fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<ByteBuf, E> {
                Ok(ByteBuf(value.to_vec()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ByteBuf, A::Error> {
                let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(ByteBuf(bytes))
            }
        }
        deserializer.deserialize_byte_buf(BytesVisitor)
    }
}
