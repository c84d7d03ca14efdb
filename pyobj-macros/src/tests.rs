//! The derive run on token streams: what the expansion contains, and which errors it
//! reports. Behaviour at run time is tested in the facade's `tests/derive_trace.rs`, and
//! the messages as rustc shows them in `tests/ui/trace`.

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;

use crate::expand::derive;

/// The expansion, printed.
fn expand(input: TokenStream) -> String {
    derive(input).to_string()
}

/// Printed tokens without their spacing, which depends on how `>>` was split into tokens.
fn squeeze(printed: &str) -> String {
    printed.split_whitespace().collect()
}

/// The messages of the `compile_error!` invocations in `output`, in order.
fn errors(output: TokenStream) -> Vec<String> {
    let tokens: Vec<TokenTree> = output.into_iter().collect();
    tokens
        .windows(3)
        .filter_map(|window| match window {
            [
                TokenTree::Ident(name),
                TokenTree::Punct(bang),
                TokenTree::Group(args),
            ] if name == "compile_error" && bang.as_char() == '!' => {
                let literal: syn::LitStr = syn::parse2(args.stream()).expect("a string literal");
                Some(literal.value())
            }
            _ => None,
        })
        .collect()
}

#[track_caller]
fn assert_contains(expansion: &str, fragment: TokenStream) {
    assert!(
        squeeze(expansion).contains(&squeeze(&fragment.to_string())),
        "expansion lacks\n  {fragment}\nexpansion:\n  {expansion}"
    );
}

#[track_caller]
fn assert_lacks(expansion: &str, fragment: TokenStream) {
    assert!(
        !squeeze(expansion).contains(&squeeze(&fragment.to_string())),
        "expansion should not contain\n  {fragment}\nexpansion:\n  {expansion}"
    );
}

#[test]
fn named_fields_are_reached_through_a_parameter_named_after_each() {
    let expansion = expand(quote! {
        struct Node {
            next: RefCell<Option<Gc<Node>>>,
            value: i64,
        }
    });
    assert_contains(
        &expansion,
        quote! { impl<next, value> ::pyobj::__private::TraceFields<(next, value,)> for Node },
    );
    assert_contains(
        &expansion,
        quote! {
            const TRACKED: ::core::primitive::bool =
                <RefCell<Option<Gc<Node>>> as ::pyobj::__private::TraceField<next>>::TRACKED
                    || <i64 as ::pyobj::__private::TraceField<value>>::TRACKED;
        },
    );
    assert_contains(
        &expansion,
        quote! { <RefCell<Option<Gc<Node>>> as ::pyobj::__private::TraceField<next>>::trace(&self.next, __tracer); },
    );
    assert_contains(
        &expansion,
        quote! { <i64 as ::pyobj::__private::TraceField<value>>::drop_handles(&self.value); },
    );
    assert_contains(
        &expansion,
        quote! { <i64 as ::pyobj::__private::TraceField<value>>::drop_handles_mut(&mut self.value); },
    );
    // The `Trace` impl forwards, with `()` for every name.
    assert_contains(
        &expansion,
        quote! { impl ::pyobj::__private::Trace for Node },
    );
    assert_contains(
        &expansion,
        quote! {
            const TRACKED: ::core::primitive::bool =
                <Self as ::pyobj::__private::TraceFields<((), (),)>>::TRACKED;
        },
    );
    assert_contains(
        &expansion,
        quote! { <Self as ::pyobj::__private::TraceFields<((), (),)>>::drop_handles_mut(self) },
    );
}

#[test]
fn skipped_fields_are_left_out_entirely() {
    let expansion = expand(quote! {
        struct Node {
            next: Gc<Node>,
            #[trace(skip)]
            name: NotTrace,
        }
    });
    assert_lacks(&expansion, quote! { NotTrace });
    assert_lacks(&expansion, quote! { self.name });
    assert_contains(&expansion, quote! { TraceFields<(next,)> });
}

#[test]
fn tuple_fields_are_reached_by_index_without_a_second_impl() {
    let expansion = expand(quote! {
        struct Pair(Gc<Node>, #[trace(skip)] File, i64);
    });
    assert_lacks(&expansion, quote! { TraceFields });
    assert_lacks(&expansion, quote! { File });
    assert_contains(
        &expansion,
        quote! { <Gc<Node> as ::pyobj::__private::TraceIndex<0>>::trace(&self.0, __tracer); },
    );
    assert_contains(
        &expansion,
        quote! { <i64 as ::pyobj::__private::TraceIndex<2>>::drop_handles_mut(&mut self.2); },
    );
}

#[test]
fn a_type_without_fields_is_untracked_and_visits_nothing() {
    for input in [
        quote! {
            struct Unit;
        },
        quote! {
            struct Braces {}
        },
        quote! {
            struct Parens();
        },
        quote! {
            struct Skipped {
                #[trace(skip)]
                file: File,
            }
        },
    ] {
        let expansion = expand(input);
        assert_contains(
            &expansion,
            quote! {
                const TRACKED: ::core::primitive::bool = false;
                #[inline]
                fn trace(&self, __tracer: &mut ::pyobj::__private::Tracer<'_>) {}
                #[inline]
                fn drop_handles(&self) {}
                #[inline]
                fn drop_handles_mut(&mut self) {}
            },
        );
        assert_lacks(&expansion, quote! { TraceFields });
    }
}

#[test]
fn enums_match_every_variant_by_reference() {
    let expansion = expand(quote! {
        enum Shape {
            Named { a: Gc<Node>, #[trace(skip)] b: File, c: i64 },
            Tuple(#[trace(skip)] File, Gc<Node>),
            Unit,
        }
    });
    assert_contains(
        &expansion,
        quote! {match self {
            Self::Named {
                a: __field0,
                c: __field1,
                ..
            } => {
                <Gc<Node> as ::pyobj::__private::TraceField<a>>::trace(__field0, __tracer);
                <i64 as ::pyobj::__private::TraceField<c>>::trace(__field1, __tracer);
            }
            Self::Tuple { 1: __field0, .. } => {
                <Gc<Node> as ::pyobj::__private::TraceIndex<1>>::trace(__field0, __tracer);
            }
            Self::Unit { .. } => {}
        }},
    );
    assert_contains(
        &expansion,
        quote! { <i64 as ::pyobj::__private::TraceField<c>>::drop_handles_mut(__field1); },
    );
}

#[test]
fn a_field_name_shared_by_variants_gets_one_marker() {
    let expansion = expand(quote! {
        enum Tree {
            Leaf { value: i64 },
            Branch { value: i64, children: Vec<Gc<Tree>> },
        }
    });
    assert_contains(
        &expansion,
        quote! { impl<value, children> ::pyobj::__private::TraceFields<(value, children,)> for Tree },
    );
}

#[test]
fn an_empty_enum_matches_on_the_place() {
    let expansion = expand(quote! {
        enum Never {}
    });
    assert_contains(
        &expansion,
        quote! {
            fn drop_handles(&self) {
                match *self {}
            }
        },
    );
    assert_contains(
        &expansion,
        quote! {
            const TRACKED: ::core::primitive::bool = false;
        },
    );
}

#[test]
fn type_parameters_of_traced_fields_are_bounded_and_the_rest_is_kept() {
    let expansion = expand(quote! {
        struct Holder<'a, T: Clone, U, V, I: Iterator, const N: usize = 3>
        where
            U: Default,
        {
            items: [Gc<T>; N],
            #[trace(skip)]
            hidden: PhantomData<&'a U>,
            nested: Option<Box<V>>,
            next: Option<I::Item>,
            last: Option<<I as Iterator>::Item>,
        }
    });
    assert_contains(
        &expansion,
        quote! {
            impl<'a, T: Clone, U, V, I: Iterator, const N: usize> ::pyobj::__private::Trace
            for Holder<'a, T, U, V, I, N>
            where
                U: Default,
                V: ::pyobj::__private::Trace,
                T: 'static
        },
    );
    // No value of `U` (skipped) or `I` (only its `Item`) is traced: they stay unbounded.
    // `T` is only inside `Gc<...>`, which is `Trace` whatever it holds (its declaration
    // requires `T: Trace + 'static`): it only needs `'static` on the impl.
    assert_lacks(&expansion, quote! { T: ::pyobj::__private::Trace });
    assert_lacks(&expansion, quote! { U: ::pyobj::__private::Trace });
    assert_lacks(&expansion, quote! { I: ::pyobj::__private::Trace });
    // The markers come after the type's own parameters.
    assert_contains(
        &expansion,
        quote! {
            impl<'a, T: Clone, U, V, I: Iterator, const N: usize, items, nested, next, last>
            ::pyobj::__private::TraceFields<(items, nested, next, last,)>
        },
    );
}

#[test]
fn a_marker_never_takes_a_name_that_the_types_use() {
    let expansion = expand(quote! {
        struct Odd<T> {
            u8: u8,
            T: T,
            u8_: Odd<T>,
        }
    });
    assert_contains(
        &expansion,
        quote! { impl<T, u8__, T_, u8_> ::pyobj::__private::TraceFields<(u8__, T_, u8_,)> },
    );
}

#[test]
fn raw_field_names_stay_raw() {
    let expansion = expand(quote! {
        struct Token { r#type: Gc<Kind> }
    });
    assert_contains(
        &expansion,
        quote! { <Gc<Kind> as ::pyobj::__private::TraceField<r#type>>::trace(&self.r#type, __tracer); },
    );
}

#[test]
fn a_union_is_refused() {
    let output = derive(quote! {
        union Bits { int: u64, float: f64 }
    });
    assert_eq!(
        errors(output),
        [
            "`Trace` cannot be derived for a union: the collector could not know which field \
          holds a value; implement `Trace` by hand"
        ]
    );
}

#[test]
fn unknown_arguments_are_named_with_the_accepted_one() {
    let output = derive(quote! {
        struct Node {
            #[trace(skp)]
            a: i64,
            #[trace(skip, weak = true, with(x))]
            b: i64,
        }
    });
    assert_eq!(
        errors(output),
        [
            "unknown argument `skp` in `#[trace(...)]`; the accepted arguments are `skip` and \
             `with = path::to::function`",
            "unknown argument `weak` in `#[trace(...)]`; the accepted arguments are `skip` and \
             `with = path::to::function`",
            "`with` takes the function that traces the field: write \
             `#[trace(with = path::to::function)]`",
        ]
    );
}

#[test]
fn malformed_attributes_show_the_accepted_form() {
    let output = derive(quote! {
        struct Node {
            #[trace]
            a: i64,
            #[trace = "skip"]
            b: i64,
            #[trace()]
            c: i64,
            #[trace(skip = true)]
            d: i64,
            #[trace(skip)]
            #[trace(skip)]
            e: i64,
            #[trace(skip skip)]
            f: i64,
        }
    });
    assert_eq!(
        errors(output),
        [
            "expected `#[trace(skip)]` or `#[trace(with = path::to::function)]`",
            "expected `#[trace(skip)]` or `#[trace(with = path::to::function)]`",
            "expected `#[trace(skip)]` or `#[trace(with = path::to::function)]`",
            "`skip` takes no value: write `#[trace(skip)]`",
            "duplicate `#[trace(skip)]` on this field",
            "expected `,`",
        ]
    );
}

#[test]
fn trace_attributes_off_fields_are_refused() {
    let output = derive(quote! {
        #[trace(skip)]
        enum Shape {
            #[trace(skip)]
            Circle(f64),
        }
    });
    assert_eq!(
        errors(output),
        [
            "only `#[trace(finalize)]` is accepted on an enum; put `#[trace(skip)]` on the fields \
             that hold no `Gc` handles",
            "`#[trace(...)]` is not accepted on an enum variant; put `#[trace(skip)]` on its \
             fields that hold no `Gc` handles",
        ]
    );
}

#[test]
fn packed_structs_are_refused_unless_nothing_is_borrowed() {
    let output = derive(quote! {
        #[repr(C, packed(2))]
        struct Packed { a: Gc<Node> }
    });
    assert_eq!(
        errors(output),
        [
            "`Trace` cannot be derived for a `#[repr(packed)]` struct: its fields may be \
          unaligned and cannot be borrowed for tracing"
        ]
    );
    let output = derive(quote! {
        #[repr(packed)]
        struct Plain { #[trace(skip)] a: u64 }
    });
    assert_eq!(errors(output), Vec::<String>::new());
}

#[test]
fn every_error_is_reported_together_in_source_order_beside_a_placeholder_impl() {
    let output = derive(quote! {
        #[trace(skip)]
        enum Mixed<T> {
            First {
                #[trace(skp)]
                a: Gc<T>,
            },
            #[trace(skip)]
            Second(#[trace] u64),
        }
    });
    let expansion = output.to_string();
    assert_eq!(
        errors(output),
        [
            "only `#[trace(finalize)]` is accepted on an enum; put `#[trace(skip)]` on the fields \
             that hold no `Gc` handles",
            "unknown argument `skp` in `#[trace(...)]`; the accepted arguments are `skip` and \
             `with = path::to::function`",
            "`#[trace(...)]` is not accepted on an enum variant; put `#[trace(skip)]` on its \
             fields that hold no `Gc` handles",
            "expected `#[trace(skip)]` or `#[trace(with = path::to::function)]`",
        ]
    );
    // The placeholder visits nothing, so it needs no bounds.
    assert_contains(
        &expansion,
        quote! {
            impl<T> ::pyobj::__private::Trace for Mixed<T> {
                const TRACKED: ::core::primitive::bool = false;
                fn trace(&self, _: &mut ::pyobj::__private::Tracer<'_>) {}
            }
        },
    );
}

#[test]
fn a_union_is_refused_after_its_misplaced_attributes() {
    let output = derive(quote! {
        #[trace(skip)]
        union Bits {
            #[trace(skp)]
            int: u64,
        }
    });
    assert_eq!(
        errors(output),
        [
            "`#[trace(...)]` is not accepted on a union; put `#[trace(skip)]` on the fields \
             that hold no `Gc` handles",
            "`Trace` cannot be derived for a union: the collector could not know which field \
             holds a value; implement `Trace` by hand",
        ]
    );
}

#[test]
fn input_that_is_not_an_item_is_a_parse_error() {
    let output = derive(quote! {
        fn not_a_type() {}
    });
    assert_eq!(errors(output).len(), 1);
}

#[test]
fn parameters_only_inside_handles_markers_or_untraced_get_no_trace_bound() {
    let expansion = expand(quote! {
        struct Node<T: 'static, U, V, W> {
            next: RefCell<Option<Gc<Node<T, U, V, W>>>>,
            parent: Weak<Node<T, U, V, W>>,
            std_weak: std::rc::Weak<V>,
            tag: PhantomData<U>,
            foreign: Untraced<W>,
        }
    });
    assert_contains(
        &expansion,
        quote! {
            impl<T: 'static, U, V, W> ::pyobj::__private::Trace for Node<T, U, V, W>
            where
                V: ::pyobj::__private::Trace,
                T: 'static,
                U: 'static,
                V: 'static,
                W: 'static
        },
    );
    for param in [quote!(T), quote!(U), quote!(W)] {
        assert_lacks(&expansion, quote! { #param: ::pyobj::__private::Trace });
    }
}

#[test]
fn a_field_traced_with_a_function_is_called_by_trace_only() {
    let expansion = expand(quote! {
        struct Holder<T> {
            #[trace(with = foreign::trace_slab)]
            slab: Slab<T>,
            next: RefCell<Option<Gc<Holder<T>>>>,
        }
    });
    assert_contains(
        &expansion,
        quote! { foreign::trace_slab(&self.slab, __tracer); },
    );
    // Tracked whatever the field's type is; no marker, no bound, no clearing.
    assert_contains(
        &expansion,
        quote! { const TRACKED: ::core::primitive::bool = true || },
    );
    assert_lacks(&expansion, quote! { T: ::pyobj::__private::Trace });
    assert_lacks(&expansion, quote! { TraceField<slab> });
    assert_lacks(&expansion, quote! { (&self.slab) });
    assert_lacks(&expansion, quote! { (&mut self.slab) });
}

#[test]
fn skip_and_with_together_are_refused() {
    let output = derive(quote! {
        struct Node {
            #[trace(skip, with = f)]
            a: Foreign,
            #[trace(with = f, with = g)]
            b: Foreign,
            #[trace(with = "f")]
            c: Foreign,
        }
    });
    assert_eq!(
        errors(output),
        [
            "`skip` and `with` cannot both be used on a field: a skipped field is not traced at \
             all, and `with` traces it with a function",
            "duplicate `#[trace(with = ...)]` on this field",
            "expected the path of a function, as in `#[trace(with = path::to::function)]`",
        ]
    );
}

#[test]
fn fields_that_hide_handles_get_the_trait_that_explains_why() {
    let expansion = expand(quote! {
        struct Node {
            shared: Rc<RefCell<Vec<Gc<Node>>>>,
            parent: Cell<Option<Gc<Node>>>,
            nested: Vec<std::sync::Arc<Obj>>,
            name: Rc<str>,
            count: Cell<i64>,
            weak: Rc<std::rc::Weak<Node>>,
        }
    });
    assert_contains(&expansion, quote! { TraceSharedField<shared> });
    assert_contains(&expansion, quote! { TraceCellField<parent> });
    assert_contains(&expansion, quote! { TraceSharedField<nested> });
    assert_contains(&expansion, quote! { TraceField<name> });
    assert_contains(&expansion, quote! { TraceField<count> });
    assert_contains(&expansion, quote! { TraceField<weak> });

    let expansion = expand(quote! {
        struct Pair(Cell<Option<Gc<Node>>>, Arc<Gc<i64>>);
    });
    assert_contains(&expansion, quote! { TraceCellIndex<0> });
    assert_contains(&expansion, quote! { TraceSharedIndex<1> });
}

#[test]
fn a_type_without_generic_parameters_probes_for_its_finalizer() {
    let expansion = expand(quote! {
        struct Node { next: RefCell<Option<Gc<Node>>> }
    });
    assert_contains(
        &expansion,
        quote! {
            const FINALIZE: ::core::option::Option<::pyobj::__private::FinalizeHook<Self>> = {
                #[allow(unused_imports)]
                use ::pyobj::__private::NoFinalize as _;
                ::pyobj::__private::FinalizeProbe::<Self>::HOOK
            };
        },
    );
}

#[test]
fn a_generic_type_probes_for_nothing_unless_marked() {
    for input in [
        quote! { struct Node<T> { value: T } },
        quote! { struct Text<'a> { text: &'a str } },
        quote! { struct Array<const N: usize> { items: [i64; N] } },
    ] {
        let expansion = expand(input);
        assert_lacks(&expansion, quote!(FINALIZE));
    }
    let expansion = expand(quote! {
        #[trace(finalize)]
        struct Node<T> { value: T }
    });
    assert_contains(
        &expansion,
        quote! {
            const FINALIZE: ::core::option::Option<::pyobj::__private::FinalizeHook<Self>> =
                ::core::option::Option::Some(<Self as ::pyobj::__private::FinalizeAttr>::HOOK);
        },
    );
    assert_lacks(&expansion, quote!(FinalizeProbe));
}

#[test]
fn trace_finalize_is_checked() {
    let output = derive(quote! {
        #[trace(finalize, finalize)]
        #[trace(finalize = true)]
        #[trace(skip, finalize)]
        struct Node {
            #[trace(finalize)]
            value: i64,
        }
    });
    assert_eq!(
        errors(output),
        [
            "duplicate `#[trace(finalize)]`",
            "`finalize` takes no value: write `#[trace(finalize)]`",
            "only `#[trace(finalize)]` is accepted on a struct; put `#[trace(skip)]` on the \
             fields that hold no `Gc` handles",
            "duplicate `#[trace(finalize)]`",
            "unknown argument `finalize` in `#[trace(...)]`; the accepted arguments are `skip` \
             and `with = path::to::function`",
        ]
    );
}
