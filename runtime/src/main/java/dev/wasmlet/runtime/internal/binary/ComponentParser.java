package dev.wasmlet.runtime.internal.binary;

import dev.wasmlet.runtime.InvalidComponentException;
import dev.wasmlet.runtime.MalformedComponentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Decodes the binary format of a WebAssembly component (design/mvp/Binary.md of the component
 * model, binary version 0x0d, layer 1) into an unresolved AST: a {@link ComponentBinary} whose
 * definitions keep binary order and refer to each other by index.
 *
 * <p>Besides decoding, the parser tracks the size of every index space of every scope
 * (components, component types, instance types, core module types) and checks each index it
 * reads against it, so an index in the AST is always in range where it occurs; outer aliases are
 * checked against the enclosing scopes. Type checking (does index 3 name a function, does a
 * lift's core function have the flattened type) is the linker's.
 *
 * <p>Failures: {@link MalformedComponentException} when the bytes do not decode (bad magic,
 * truncation, unknown codes, bad LEB128, lengths beyond the bytes left, nesting deeper than
 * {@value #MAX_NESTING_DEPTH});
 * {@link InvalidComponentException} when they decode but cannot be a valid component (a core
 * module or another layer or version, an index out of range, repeated canonical options, an
 * unsupported GC core type). Each message reads {@code malformed component: <section> at offset
 * 0x<hex>: <what was expected>}, with absolute offsets from the start of the outermost binary.
 * Custom sections are never fatal, as long as their declared size fits.
 */
public final class ComponentParser {
    /** How deeply components, component types, instance types and module types may nest. */
    public static final int MAX_NESTING_DEPTH = 100;

    /** The component binary version this parser reads (the pre-standard 0x0d). */
    public static final int COMPONENT_VERSION = 0x0d;

    private static final String[] SECTION_NAMES = {
        "custom section", "core module section", "core instance section", "core type section",
        "component section", "instance section", "alias section", "type section", "canon section",
        "start section", "import section", "export section", "value section",
    };

    private final BinaryReader r;
    private Scope scope;

    private ComponentParser(byte[] bytes) {
        this.r = new BinaryReader(bytes);
    }

    /**
     * Parses a whole component binary.
     *
     * @param bytes the binary; it is not copied, and the {@link ByteSlice}s of the result
     *        refer to it, so it must not change afterwards
     * @return the outermost component
     * @throws MalformedComponentException when the bytes do not decode as a component
     * @throws InvalidComponentException when they decode but cannot be a valid component, e.g.
     *         a core module, another binary version, or an index out of range
     */
    public static ComponentBinary parse(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedComponentException("malformed component: no bytes given");
        }
        ComponentParser parser = new ComponentParser(bytes);
        return parser.component(0, bytes.length);
    }

    /**
     * One scope: a component, a component type, an instance type or a core module type, with
     * the sizes of its thirteen index spaces so far.
     */
    private static final class Scope {
        final Scope parent;
        final String kind;
        final int depth;
        final int[] counts = new int[Sort.values().length];

        Scope(Scope parent, String kind) {
            this.parent = parent;
            this.kind = kind;
            this.depth = parent == null ? 1 : parent.depth + 1;
        }

        int count(Sort sort) {
            return counts[sort.ordinal()];
        }
    }

    private void push(String kind, int at) {
        if (scope != null && scope.depth >= MAX_NESTING_DEPTH) {
            throw r.malformed(at, "%s nested more than %d levels deep (components, component types, "
                    + "instance types and module types count)", kind, MAX_NESTING_DEPTH);
        }
        scope = new Scope(scope, kind);
    }

    private void pop() {
        scope = scope.parent;
    }

    private void append(Sort sort, int count, int at) {
        long total = (long) scope.count(sort) + count;
        if (total > r.bytes().length) {
            // Only a start definition can add more than one entry; no real one comes close.
            throw r.invalid(at, "the %s index space would grow to %d entries, more than the binary has bytes",
                    sort, total);
        }
        scope.counts[sort.ordinal()] = (int) total;
    }

    private <D extends Definition> D define(List<Definition> into, D d) {
        append(d.sort(), d.definedCount(), d.offset());
        into.add(d);
        return d;
    }

    private <D extends Decl> D declare(List<Decl> into, D d) {
        append(d.sort(), 1, d.offset());
        into.add(d);
        return d;
    }

    // ---------------------------------------------------------------- components and sections

    private ComponentBinary component(int start, int end) {
        String outerContext = r.context;
        String outerLimitName = r.limitName;
        int outerNestedAt = r.nestedAt;
        if (scope != null) {
            r.nestedAt = start;
        }
        r.pos = start;
        r.limit = end;
        r.context = "preamble";
        r.limitName = "component";
        preamble(start, end, false);
        push("component", start);
        List<Definition> definitions = new ArrayList<>();
        List<CustomSection> customs = new ArrayList<>();
        while (r.pos < end) {
            section(end, definitions, customs);
        }
        pop();
        r.context = outerContext;
        r.limitName = outerLimitName;
        r.nestedAt = outerNestedAt;
        return new ComponentBinary(start, end - start, definitions, customs);
    }

    /** Checks the 8-byte preamble at {@code start}: a component's or, if {@code core}, a core module's. */
    private void preamble(int start, int end, boolean core) {
        byte[] b = r.bytes();
        String expectedKind = core ? "a core module" : "a component";
        if (end - start < 8) {
            throw r.malformed(start, "expected the 8-byte preamble of %s (\\0asm, version, layer) but only %d "
                    + "bytes are there", expectedKind, end - start);
        }
        if (b[start] != 0 || b[start + 1] != 'a' || b[start + 2] != 's' || b[start + 3] != 'm') {
            throw r.malformed(start, "not a WebAssembly binary: expected the magic bytes 00 61 73 6d, found "
                    + "%02x %02x %02x %02x", b[start] & 0xff, b[start + 1] & 0xff, b[start + 2] & 0xff,
                    b[start + 3] & 0xff);
        }
        int version = (b[start + 4] & 0xff) | (b[start + 5] & 0xff) << 8;
        int layer = (b[start + 6] & 0xff) | (b[start + 7] & 0xff) << 8;
        if (core) {
            if (layer == 1) {
                throw r.invalid(start, "expected a core module but found a component (layer 1)");
            }
            if (layer != 0 || version != 1) {
                throw r.invalid(start, "expected a core module (version 1, layer 0) but found version 0x%x, "
                        + "layer %d", version, layer);
            }
        } else {
            if (layer == 0) {
                throw r.invalid(start, version == 1
                        ? "this is a core module (version 1, layer 0), not a component"
                        : "this is a core module layer binary (layer 0, version 0x%x), not a component", version);
            }
            if (layer != 1) {
                throw r.invalid(start, "unknown layer %d (a component has layer 1)", layer);
            }
            if (version != COMPONENT_VERSION) {
                throw r.invalid(start, "unsupported component binary version 0x%x (Wasmlet reads version 0x%x)",
                        version, COMPONENT_VERSION);
            }
        }
        r.pos = start + 8;
    }

    private void section(int end, List<Definition> defs, List<CustomSection> customs) {
        r.context = "section header";
        r.limitName = "component";
        r.limit = end;
        int headerAt = r.pos;
        int id = r.u8("section id");
        if (id >= SECTION_NAMES.length) {
            throw r.malformed(headerAt, "unknown section id %d (expected 0 to 12)", id);
        }
        long size = r.u32(SECTION_NAMES[id] + " size");
        if (size > end - r.pos) {
            throw r.malformed(headerAt, "%s of %d bytes claimed but only %d bytes are left in the component",
                    SECTION_NAMES[id], size, end - r.pos);
        }
        int contentStart = r.pos;
        int contentEnd = contentStart + (int) size;
        r.context = SECTION_NAMES[id];
        r.limitName = "section";
        r.limit = contentEnd;
        switch (id) {
            case 0 -> customs.add(custom(headerAt, contentStart, contentEnd));
            case 1 -> {
                preamble(contentStart, contentEnd, true);
                define(defs, new Definition.CoreModule(contentStart, r.slice(contentStart, contentEnd - contentStart)));
                r.pos = contentEnd;
            }
            case 2 -> vec("core instances", () -> define(defs, coreInstance()));
            case 3 -> vec("core types", () -> {
                int at = r.pos;
                define(defs, new Definition.CoreType(at, coreDefType(true)));
            });
            case 4 -> {
                ComponentBinary nested = component(contentStart, contentEnd);
                r.limit = contentEnd;
                define(defs, new Definition.NestedComponent(contentStart, nested));
            }
            case 5 -> vec("instances", () -> define(defs, instance()));
            case 6 -> vec("aliases", () -> {
                int at = r.pos;
                Sort sort = sort();
                define(defs, new Definition.Alias(at, sort, aliasTarget(sort, at)));
            });
            case 7 -> vec("types", () -> {
                int at = r.pos;
                define(defs, new Definition.Type(at, defType(false)));
            });
            case 8 -> vec("canonical definitions", () -> define(defs, canon()));
            case 9 -> define(defs, start());
            case 10 -> vec("imports", () -> {
                int at = r.pos;
                ExternName name = externName();
                define(defs, new Definition.Import(at, name, externType()));
            });
            case 11 -> vec("exports", () -> define(defs, export()));
            case 12 -> vec("values", () -> define(defs, value()));
            default -> throw new IllegalStateException("unreachable: section id " + id);
        }
        if (r.pos != contentEnd) {
            throw r.malformed(r.pos, "%d bytes left over after the last entry (the section size says %d)",
                    contentEnd - r.pos, size);
        }
    }

    private void vec(String what, Runnable element) {
        int n = r.vecCount(what);
        for (int i = 0; i < n; i++) {
            element.run();
        }
    }

    private CustomSection custom(int headerAt, int start, int end) {
        try {
            String name = r.name("custom section name");
            ByteSlice contents = r.slice(r.pos, end - r.pos);
            r.pos = end;
            return new CustomSection(headerAt, Optional.of(name), contents);
        } catch (MalformedComponentException e) {
            // A custom section is never fatal: keep it without a name.
            r.pos = end;
            return new CustomSection(headerAt, Optional.empty(), r.slice(start, end - start));
        }
    }

    // ---------------------------------------------------------------- indices and sorts

    /** An index into {@code sort}'s space of the current scope, checked to be in range. */
    private int index(Sort sort) {
        int at = r.pos;
        long idx = r.u32(sort + " index");
        int n = scope.count(sort);
        if (idx >= n) {
            throw r.invalid(at, "%s index %d out of range (the %s index space of this %s has %d %s here)",
                    sort, idx, sort, scope.kind, n, n == 1 ? "entry" : "entries");
        }
        return (int) idx;
    }

    private Sort sort() {
        int at = r.pos;
        int b = r.u8("sort");
        return switch (b) {
            case 0x00 -> coreSort();
            case 0x01 -> Sort.FUNC;
            case 0x02 -> Sort.VALUE;
            case 0x03 -> Sort.TYPE;
            case 0x04 -> Sort.COMPONENT;
            case 0x05 -> Sort.INSTANCE;
            default -> throw r.malformed(at, "unknown sort 0x%02x", b);
        };
    }

    private Sort coreSort() {
        int at = r.pos;
        int b = r.u8("core sort");
        return switch (b) {
            case 0x00 -> Sort.CORE_FUNC;
            case 0x01 -> Sort.CORE_TABLE;
            case 0x02 -> Sort.CORE_MEMORY;
            case 0x03 -> Sort.CORE_GLOBAL;
            case 0x04 -> Sort.CORE_TAG;
            case 0x10 -> Sort.CORE_TYPE;
            case 0x11 -> Sort.CORE_MODULE;
            case 0x12 -> Sort.CORE_INSTANCE;
            default -> throw r.malformed(at, "unknown core sort 0x%02x", b);
        };
    }

    private SortIdx sortIdx() {
        Sort sort = sort();
        return new SortIdx(sort, index(sort));
    }

    private SortIdx coreSortIdx() {
        Sort sort = coreSort();
        return new SortIdx(sort, index(sort));
    }

    // ---------------------------------------------------------------- instances and aliases

    private Definition coreInstance() {
        int at = r.pos;
        int form = r.u8("core instance form");
        switch (form) {
            case 0x00 -> {
                int module = index(Sort.CORE_MODULE);
                List<Definition.CoreInstantiate.Arg> args = new ArrayList<>();
                vec("instantiation arguments", () -> {
                    String name = r.name("instantiation argument name");
                    r.expect(0x12, "core instance sort of an instantiation argument");
                    args.add(new Definition.CoreInstantiate.Arg(name, index(Sort.CORE_INSTANCE)));
                });
                return new Definition.CoreInstantiate(at, module, List.copyOf(args));
            }
            case 0x01 -> {
                List<Definition.CoreInstanceExports.Export> exports = new ArrayList<>();
                vec("inline exports", () -> {
                    String name = r.name("export name");
                    exports.add(new Definition.CoreInstanceExports.Export(name, coreSortIdx()));
                });
                return new Definition.CoreInstanceExports(at, List.copyOf(exports));
            }
            default -> throw r.malformed(at, "unknown core instance form 0x%02x (expected 0x00 instantiate or "
                    + "0x01 inline exports)", form);
        }
    }

    private Definition instance() {
        int at = r.pos;
        int form = r.u8("instance form");
        switch (form) {
            case 0x00 -> {
                int component = index(Sort.COMPONENT);
                List<Definition.Instantiate.Arg> args = new ArrayList<>();
                vec("instantiation arguments", () -> {
                    String name = r.name("instantiation argument name");
                    args.add(new Definition.Instantiate.Arg(name, sortIdx()));
                });
                return new Definition.Instantiate(at, component, List.copyOf(args));
            }
            case 0x01 -> {
                List<Definition.InstanceExports.Export> exports = new ArrayList<>();
                vec("inline exports", () -> {
                    ExternName name = externName();
                    exports.add(new Definition.InstanceExports.Export(name, sortIdx()));
                });
                return new Definition.InstanceExports(at, List.copyOf(exports));
            }
            default -> throw r.malformed(at, "unknown instance form 0x%02x (expected 0x00 instantiate or "
                    + "0x01 inline exports)", form);
        }
    }

    private AliasTarget aliasTarget(Sort sort, int at) {
        int targetAt = r.pos;
        int kind = r.u8("alias target");
        switch (kind) {
            case 0x00 -> {
                int instance = index(Sort.INSTANCE);
                return new AliasTarget.Export(instance, r.name("alias export name"));
            }
            case 0x01 -> {
                if (!sort.isCore()) {
                    throw r.invalid(at, "a core export alias must have a core sort, not %s", sort);
                }
                int instance = index(Sort.CORE_INSTANCE);
                return new AliasTarget.CoreExport(instance, r.name("alias export name"));
            }
            case 0x02 -> {
                if (sort != Sort.CORE_MODULE && sort != Sort.CORE_TYPE && sort != Sort.COMPONENT
                        && sort != Sort.TYPE) {
                    throw r.invalid(at, "an outer alias may alias a core module, core type, component or type, "
                            + "not a %s", sort);
                }
                return outer(sort);
            }
            default -> throw r.malformed(targetAt, "unknown alias target 0x%02x (expected 0x00 export, 0x01 core "
                    + "export or 0x02 outer)", kind);
        }
    }

    /** The {@code ct idx} of an outer alias of {@code sort}, checked against the enclosing scopes. */
    private AliasTarget.Outer outer(Sort sort) {
        int ctAt = r.pos;
        long count = r.u32("outer alias count");
        Scope target = scope;
        for (long i = 0; i < count && target != null; i++) {
            target = target.parent;
        }
        if (target == null) {
            int enclosing = scope.depth - 1;
            throw r.invalid(ctAt, "outer alias count %d reaches beyond the %d enclosing scope%s", count, enclosing,
                    enclosing == 1 ? "" : "s");
        }
        int idxAt = r.pos;
        long idx = r.u32("outer alias index");
        int n = target.count(sort);
        if (idx >= n) {
            throw r.invalid(idxAt, "outer alias index %d out of range (the %s index space of the %s %d level%s "
                    + "out has %d %s)", idx, sort, target.kind, count, count == 1 ? "" : "s", n,
                    n == 1 ? "entry" : "entries");
        }
        return new AliasTarget.Outer((int) count, (int) idx);
    }

    // ---------------------------------------------------------------- component types

    private DefType defType(boolean inTypeScope) {
        int at = r.pos;
        int code = r.peek("type definition");
        switch (code) {
            case 0x40, 0x43 -> {
                r.pos++;
                return funcType(code == 0x43);
            }
            case 0x41 -> {
                r.pos++;
                return new DefType.ComponentType(decls(at, "component type", true));
            }
            case 0x42 -> {
                r.pos++;
                return new DefType.InstanceType(decls(at, "instance type", false));
            }
            case 0x3f -> {
                if (inTypeScope) {
                    throw r.invalid(at, "a resource type cannot be defined inside a component or instance type "
                            + "(import or export it with a (sub resource) bound instead)");
                }
                r.pos++;
                CoreValueType rep = coreValueType();
                OptionalInt destructor = r.flag("resource destructor presence")
                        ? OptionalInt.of(index(Sort.CORE_FUNC)) : OptionalInt.empty();
                return new DefType.ResourceType(rep, destructor);
            }
            default -> {
                return defValType();
            }
        }
    }

    private DefType.DefValType defValType() {
        int at = r.pos;
        int code = r.u8("type definition");
        PrimValType prim = PrimValType.fromCode(code);
        if (prim != null) {
            return new DefType.PrimitiveType(prim);
        }
        switch (code) {
            case 0x72 -> {
                List<DefType.LabeledType> fields = labeledTypes("record fields");
                if (fields.isEmpty()) {
                    throw r.invalid(at, "a record type needs at least one field");
                }
                return new DefType.RecordType(fields);
            }
            case 0x71 -> {
                List<DefType.Case> cases = new ArrayList<>();
                vec("variant cases", () -> {
                    String label = r.name("variant case label");
                    Optional<ValType> type = optionalValType("variant case payload");
                    int refinesAt = r.pos;
                    int end = r.u8("end of variant case (0x00)");
                    if (end != 0x00) {
                        throw r.malformed(refinesAt, end == 0x01
                                ? "variant case 'refines' (0x01) is no longer part of the component model"
                                : "expected 0x00 after a variant case, found 0x%02x", end);
                    }
                    cases.add(new DefType.Case(label, type));
                });
                if (cases.isEmpty()) {
                    throw r.invalid(at, "a variant type needs at least one case");
                }
                return new DefType.VariantType(List.copyOf(cases));
            }
            case 0x70 -> {
                return new DefType.ListType(valType());
            }
            case 0x67 -> {
                ValType element = valType();
                int lenAt = r.pos;
                long length = r.u32("fixed list length");
                if (length == 0 || length > Integer.MAX_VALUE) {
                    throw r.invalid(lenAt, "fixed-length list length %d is out of range (1 to %d)", length,
                            Integer.MAX_VALUE);
                }
                return new DefType.FixedListType(element, (int) length);
            }
            case 0x6f -> {
                List<ValType> elements = new ArrayList<>();
                vec("tuple elements", () -> elements.add(valType()));
                if (elements.isEmpty()) {
                    throw r.invalid(at, "a tuple type needs at least one element");
                }
                return new DefType.TupleType(List.copyOf(elements));
            }
            case 0x6e -> {
                List<String> labels = labels("flags labels");
                if (labels.isEmpty() || labels.size() > 32) {
                    throw r.invalid(at, "a flags type needs 1 to 32 labels, not %d", labels.size());
                }
                return new DefType.FlagsType(labels);
            }
            case 0x6d -> {
                List<String> labels = labels("enum labels");
                if (labels.isEmpty()) {
                    throw r.invalid(at, "an enum type needs at least one label");
                }
                return new DefType.EnumType(labels);
            }
            case 0x6c -> throw r.malformed(at, "union types (0x6c) are no longer part of the component model");
            case 0x6b -> {
                return new DefType.OptionType(valType());
            }
            case 0x6a -> {
                Optional<ValType> ok = optionalValType("result ok type");
                return new DefType.ResultType(ok, optionalValType("result error type"));
            }
            case 0x69 -> {
                return new DefType.OwnType(index(Sort.TYPE));
            }
            case 0x68 -> {
                return new DefType.BorrowType(index(Sort.TYPE));
            }
            case 0x66 -> {
                return new DefType.StreamType(optionalValType("stream element type"));
            }
            case 0x65 -> {
                return new DefType.FutureType(optionalValType("future payload type"));
            }
            case 0x63 -> {
                ValType key = valType();
                return new DefType.MapType(key, valType());
            }
            default -> throw r.malformed(at, "unknown defined type code 0x%02x", code);
        }
    }

    private ValType valType() {
        int at = r.pos;
        int code = r.peek("value type");
        PrimValType prim = PrimValType.fromCode(code);
        if (prim != null) {
            r.pos++;
            return prim;
        }
        long idx = r.s33("value type");
        if (idx < 0) {
            throw r.malformed(at, "unknown value type code 0x%02x (expected a primitive type or a type index)",
                    code);
        }
        int n = scope.count(Sort.TYPE);
        if (idx >= n) {
            throw r.invalid(at, "type index %d out of range (the type index space of this %s has %d %s here)",
                    idx, scope.kind, n, n == 1 ? "entry" : "entries");
        }
        return new ValType.TypeIndex((int) idx);
    }

    private Optional<ValType> optionalValType(String what) {
        return r.flag(what + " presence") ? Optional.of(valType()) : Optional.empty();
    }

    private List<DefType.LabeledType> labeledTypes(String what) {
        List<DefType.LabeledType> out = new ArrayList<>();
        vec(what, () -> {
            String label = r.name("label");
            out.add(new DefType.LabeledType(label, valType()));
        });
        return List.copyOf(out);
    }

    private List<String> labels(String what) {
        List<String> out = new ArrayList<>();
        vec(what, () -> out.add(r.name("label")));
        return List.copyOf(out);
    }

    private DefType.FuncType funcType(boolean async) {
        List<DefType.LabeledType> params = labeledTypes("parameters");
        return new DefType.FuncType(async, params, resultList());
    }

    private ResultList resultList() {
        int at = r.pos;
        int form = r.u8("result list");
        return switch (form) {
            case 0x00 -> new ResultList.Single(valType());
            case 0x01 -> {
                List<DefType.LabeledType> named = labeledTypes("named results");
                yield named.isEmpty() ? new ResultList.None() : new ResultList.Named(named);
            }
            default -> throw r.malformed(at, "unknown result list form 0x%02x (expected 0x00 one result or 0x01 "
                    + "none or named results)", form);
        };
    }

    private List<Decl> decls(int at, String kind, boolean component) {
        push(kind, at);
        List<Decl> decls = new ArrayList<>();
        vec(kind + " declarators", () -> declare(decls, decl(component)));
        pop();
        return List.copyOf(decls);
    }

    private Decl decl(boolean component) {
        int at = r.pos;
        int form = r.u8("declarator");
        switch (form) {
            case 0x00 -> {
                return new Decl.CoreType(at, coreDefType(true));
            }
            case 0x01 -> {
                return new Decl.Type(at, defType(true));
            }
            case 0x02 -> {
                Sort sort = sort();
                return new Decl.Alias(at, sort, aliasTarget(sort, at));
            }
            case 0x03 -> {
                if (!component) {
                    throw r.malformed(at, "an instance type cannot have an import declarator (0x03)");
                }
                ExternName name = externName();
                return new Decl.Import(at, name, externType());
            }
            case 0x04 -> {
                ExternName name = externName();
                return new Decl.Export(at, name, externType());
            }
            default -> throw r.malformed(at, "unknown %s declarator 0x%02x", component ? "component type"
                    : "instance type", form);
        }
    }

    // ---------------------------------------------------------------- core types

    private CoreDefType coreDefType(boolean moduleAllowed) {
        int at = r.pos;
        int code = r.u8("core type definition");
        switch (code) {
            case 0x60 -> {
                List<CoreValueType> params = coreValueTypes("core function parameters");
                return new CoreDefType.FuncType(params, coreValueTypes("core function results"));
            }
            case 0x50 -> {
                if (!moduleAllowed) {
                    throw r.invalid(at, "a core module type cannot be declared inside a core module type");
                }
                return moduleType(at);
            }
            case 0x4e, 0x4f, 0x5e, 0x5f, 0x00 -> throw r.invalid(at, "core type code 0x%02x (%s) is from the GC "
                    + "proposal, which Wasmlet does not support", code, switch (code) {
                        case 0x4e -> "rec group";
                        case 0x4f -> "final sub type";
                        case 0x5e -> "array type";
                        case 0x5f -> "struct type";
                        default -> "sub type";
                    });
            default -> throw r.malformed(at, "unknown core type code 0x%02x", code);
        }
    }

    private List<CoreValueType> coreValueTypes(String what) {
        List<CoreValueType> out = new ArrayList<>();
        vec(what, () -> out.add(coreValueType()));
        return List.copyOf(out);
    }

    private CoreDefType.ModuleType moduleType(int at) {
        push("core module type", at);
        List<CoreDefType.ModuleDecl> decls = new ArrayList<>();
        vec("core module type declarators", () -> {
            int declAt = r.pos;
            int form = r.u8("core module type declarator");
            switch (form) {
                case 0x00 -> {
                    String module = r.name("import module name");
                    String name = r.name("import name");
                    decls.add(new CoreDefType.Import(module, name, coreExternType()));
                }
                case 0x01 -> {
                    decls.add(new CoreDefType.Type(coreDefType(false)));
                    append(Sort.CORE_TYPE, 1, declAt);
                }
                case 0x02 -> {
                    r.expect(0x10, "core type sort of a core alias");
                    r.expect(0x01, "outer target of a core alias");
                    AliasTarget.Outer outer = outer(Sort.CORE_TYPE);
                    decls.add(new CoreDefType.OuterAlias(outer.count(), outer.index()));
                    append(Sort.CORE_TYPE, 1, declAt);
                }
                case 0x03 -> {
                    String name = r.name("export name");
                    decls.add(new CoreDefType.Export(name, coreExternType()));
                }
                default -> throw r.malformed(declAt, "unknown core module type declarator 0x%02x", form);
            }
        });
        pop();
        return new CoreDefType.ModuleType(List.copyOf(decls));
    }

    private CoreExternType coreExternType() {
        int at = r.pos;
        int kind = r.u8("core extern type");
        switch (kind) {
            case 0x00 -> {
                return new CoreExternType.Func(index(Sort.CORE_TYPE));
            }
            case 0x01 -> {
                int refAt = r.pos;
                CoreValueType element = coreValueType();
                if (!(element instanceof CoreValueType.Ref ref)) {
                    throw r.malformed(refAt, "a table's element type must be a reference type, not %s", element);
                }
                int flagsAt = r.pos;
                int flags = r.u8("table limits flags");
                if ((flags & ~0x05) != 0) {
                    throw r.malformed(flagsAt, "unknown table limits flags 0x%02x", flags);
                }
                boolean is64 = (flags & 0x04) != 0;
                long min = is64 ? r.u64("table minimum") : r.u32("table minimum");
                OptionalLong max = (flags & 0x01) != 0
                        ? OptionalLong.of(is64 ? r.u64("table maximum") : r.u32("table maximum"))
                        : OptionalLong.empty();
                return new CoreExternType.Table(ref, min, max, is64);
            }
            case 0x02 -> {
                int flagsAt = r.pos;
                int flags = r.u8("memory limits flags");
                if ((flags & ~0x0f) != 0) {
                    throw r.malformed(flagsAt, "unknown memory limits flags 0x%02x", flags);
                }
                boolean is64 = (flags & 0x04) != 0;
                long min = is64 ? r.u64("memory minimum") : r.u32("memory minimum");
                OptionalLong max = (flags & 0x01) != 0
                        ? OptionalLong.of(is64 ? r.u64("memory maximum") : r.u32("memory maximum"))
                        : OptionalLong.empty();
                OptionalInt pageSizeLog2 = OptionalInt.empty();
                if ((flags & 0x08) != 0) {
                    int pageAt = r.pos;
                    long log2 = r.u32("memory page size");
                    if (log2 > 64) {
                        throw r.malformed(pageAt, "memory page size 2^%d is out of range", log2);
                    }
                    pageSizeLog2 = OptionalInt.of((int) log2);
                }
                return new CoreExternType.Memory(min, max, (flags & 0x02) != 0, is64, pageSizeLog2);
            }
            case 0x03 -> {
                CoreValueType type = coreValueType();
                return new CoreExternType.Global(type, r.flag("global mutability"));
            }
            case 0x04 -> {
                r.expect(0x00, "tag attribute");
                return new CoreExternType.Tag(index(Sort.CORE_TYPE));
            }
            default -> throw r.malformed(at, "unknown core extern type 0x%02x", kind);
        }
    }

    private CoreValueType coreValueType() {
        int at = r.pos;
        int code = r.u8("core value type");
        switch (code) {
            case 0x7f -> {
                return CoreValueType.Num.I32;
            }
            case 0x7e -> {
                return CoreValueType.Num.I64;
            }
            case 0x7d -> {
                return CoreValueType.Num.F32;
            }
            case 0x7c -> {
                return CoreValueType.Num.F64;
            }
            case 0x7b -> {
                return CoreValueType.Num.V128;
            }
            case 0x64, 0x63 -> {
                return new CoreValueType.Ref(code == 0x63, heapType());
            }
            default -> {
                CoreValueType.HeapType.Abstract abs = abstractHeapType(code);
                if (abs == null) {
                    throw r.malformed(at, "unknown core value type code 0x%02x", code);
                }
                return new CoreValueType.Ref(true, abs);
            }
        }
    }

    private CoreValueType.HeapType heapType() {
        int at = r.pos;
        int code = r.peek("heap type");
        CoreValueType.HeapType.Abstract abs = abstractHeapType(code);
        if (abs != null) {
            r.pos++;
            return abs;
        }
        long idx = r.s33("heap type");
        if (idx < 0) {
            throw r.malformed(at, "unknown heap type code 0x%02x", code);
        }
        int n = scope.count(Sort.CORE_TYPE);
        if (idx >= n) {
            throw r.invalid(at, "core type index %d out of range (the core type index space of this %s has %d "
                    + "%s here)", idx, scope.kind, n, n == 1 ? "entry" : "entries");
        }
        return new CoreValueType.HeapType.Concrete((int) idx);
    }

    private static CoreValueType.HeapType.Abstract abstractHeapType(int code) {
        return switch (code) {
            case 0x70 -> CoreValueType.HeapType.Abstract.FUNC;
            case 0x6f -> CoreValueType.HeapType.Abstract.EXTERN;
            case 0x6e -> CoreValueType.HeapType.Abstract.ANY;
            case 0x6d -> CoreValueType.HeapType.Abstract.EQ;
            case 0x6c -> CoreValueType.HeapType.Abstract.I31;
            case 0x6b -> CoreValueType.HeapType.Abstract.STRUCT;
            case 0x6a -> CoreValueType.HeapType.Abstract.ARRAY;
            case 0x69 -> CoreValueType.HeapType.Abstract.EXN;
            case 0x71 -> CoreValueType.HeapType.Abstract.NONE;
            case 0x72 -> CoreValueType.HeapType.Abstract.NOEXTERN;
            case 0x73 -> CoreValueType.HeapType.Abstract.NOFUNC;
            case 0x74 -> CoreValueType.HeapType.Abstract.NOEXN;
            default -> null;
        };
    }

    // ---------------------------------------------------------------- canon

    private Canon canon() {
        int at = r.pos;
        int opcode = r.u8("canonical definition");
        CanonKind kind = CanonKind.fromOpcode(opcode);
        if (kind == null) {
            throw r.malformed(at, "unknown canonical definition opcode 0x%02x", opcode);
        }
        switch (kind) {
            case LIFT -> {
                r.expect(0x00, "core func sort of canon lift");
                int coreFunc = index(Sort.CORE_FUNC);
                CanonOptions options = options();
                return new Canon.Lift(at, coreFunc, options, index(Sort.TYPE));
            }
            case LOWER -> {
                r.expect(0x00, "func sort of canon lower");
                int func = index(Sort.FUNC);
                return new Canon.Lower(at, func, options());
            }
            case RESOURCE_NEW -> {
                return new Canon.ResourceNew(at, index(Sort.TYPE));
            }
            case RESOURCE_DROP -> {
                return new Canon.ResourceDrop(at, index(Sort.TYPE));
            }
            case RESOURCE_REP -> {
                return new Canon.ResourceRep(at, index(Sort.TYPE));
            }
            case BACKPRESSURE_INC, BACKPRESSURE_DEC, TASK_CANCEL, SUBTASK_DROP, ERROR_CONTEXT_DROP,
                    WAITABLE_SET_NEW, WAITABLE_SET_DROP, WAITABLE_JOIN, THREAD_INDEX, THREAD_RESUME_LATER -> {
                return new Canon.Simple(at, kind);
            }
            case TASK_RETURN -> {
                ResultList results = resultList();
                return new Canon.TaskReturn(at, results, options());
            }
            case CONTEXT_GET, CONTEXT_SET -> {
                CoreValueType type = coreValueType();
                int slotAt = r.pos;
                long slot = r.u32("context slot");
                if (slot > Integer.MAX_VALUE) {
                    throw r.invalid(slotAt, "context slot %d is out of range", slot);
                }
                return new Canon.ContextAccess(at, kind, type, (int) slot);
            }
            case SUBTASK_CANCEL -> {
                return new Canon.SubtaskCancel(at, r.flag("async?"));
            }
            case STREAM_NEW, STREAM_DROP_READABLE, STREAM_DROP_WRITABLE, FUTURE_NEW, FUTURE_DROP_READABLE,
                    FUTURE_DROP_WRITABLE -> {
                return new Canon.StreamFutureOp(at, kind, index(Sort.TYPE));
            }
            case STREAM_READ, STREAM_WRITE, FUTURE_READ, FUTURE_WRITE -> {
                int type = index(Sort.TYPE);
                return new Canon.StreamFutureTransfer(at, kind, type, options());
            }
            case STREAM_CANCEL_READ, STREAM_CANCEL_WRITE, FUTURE_CANCEL_READ, FUTURE_CANCEL_WRITE -> {
                int type = index(Sort.TYPE);
                return new Canon.StreamFutureCancel(at, kind, type, r.flag("async?"));
            }
            case ERROR_CONTEXT_NEW, ERROR_CONTEXT_DEBUG_MESSAGE -> {
                return new Canon.ErrorContextOp(at, kind, options());
            }
            case WAITABLE_SET_WAIT, WAITABLE_SET_POLL -> {
                boolean cancellable = r.flag("cancel?");
                return new Canon.WaitableSetWait(at, kind, cancellable, index(Sort.CORE_MEMORY));
            }
            case THREAD_SUSPEND, THREAD_YIELD, THREAD_SUSPEND_THEN_RESUME, THREAD_YIELD_THEN_RESUME,
                    THREAD_SUSPEND_THEN_PROMOTE, THREAD_YIELD_THEN_PROMOTE -> {
                return new Canon.ThreadSwitch(at, kind, r.flag("cancel?"));
            }
            case THREAD_NEW_INDIRECT -> {
                int coreType = index(Sort.CORE_TYPE);
                return new Canon.ThreadNewIndirect(at, coreType, index(Sort.CORE_TABLE));
            }
            case THREAD_SPAWN_REF -> {
                boolean shared = r.flag("shared?");
                return new Canon.ThreadSpawnRef(at, shared, index(Sort.CORE_TYPE));
            }
            case THREAD_SPAWN_INDIRECT -> {
                boolean shared = r.flag("shared?");
                int coreType = index(Sort.CORE_TYPE);
                return new Canon.ThreadSpawnIndirect(at, shared, coreType, index(Sort.CORE_TABLE));
            }
            case THREAD_AVAILABLE_PARALLELISM -> {
                return new Canon.ThreadAvailableParallelism(at, r.flag("shared?"));
            }
            default -> throw new IllegalStateException("unreachable: " + kind);
        }
    }

    private CanonOptions options() {
        int n = r.vecCount("canonical options");
        CanonOptions.StringEncoding encoding = null;
        OptionalInt memory = OptionalInt.empty();
        OptionalInt realloc = OptionalInt.empty();
        OptionalInt postReturn = OptionalInt.empty();
        OptionalInt callback = OptionalInt.empty();
        boolean async = false;
        for (int i = 0; i < n; i++) {
            int at = r.pos;
            int code = r.u8("canonical option");
            switch (code) {
                case 0x00, 0x01, 0x02 -> {
                    CanonOptions.StringEncoding e = CanonOptions.StringEncoding.values()[code];
                    if (encoding != null) {
                        throw r.invalid(at, "string-encoding=%s conflicts with string-encoding=%s given before",
                                e.specName(), encoding.specName());
                    }
                    encoding = e;
                }
                case 0x03 -> memory = once(memory, at, "memory", Sort.CORE_MEMORY);
                case 0x04 -> realloc = once(realloc, at, "realloc", Sort.CORE_FUNC);
                case 0x05 -> postReturn = once(postReturn, at, "post-return", Sort.CORE_FUNC);
                case 0x06 -> {
                    if (async) {
                        throw r.invalid(at, "canonical option async given twice");
                    }
                    async = true;
                }
                case 0x07 -> callback = once(callback, at, "callback", Sort.CORE_FUNC);
                default -> throw r.malformed(at, "unknown canonical option 0x%02x", code);
            }
        }
        return new CanonOptions(encoding == null ? CanonOptions.StringEncoding.UTF8 : encoding, encoding != null,
                memory, realloc, postReturn, async, callback);
    }

    private OptionalInt once(OptionalInt previous, int at, String name, Sort sort) {
        if (previous.isPresent()) {
            throw r.invalid(at, "canonical option %s given twice", name);
        }
        return OptionalInt.of(index(sort));
    }

    // ---------------------------------------------------------------- start, imports, exports, values

    private Definition.Start start() {
        int at = r.pos;
        int func = index(Sort.FUNC);
        List<Integer> args = new ArrayList<>();
        vec("start arguments", () -> args.add(index(Sort.VALUE)));
        int resultsAt = r.pos;
        long results = r.u32("start result count");
        if (results > r.bytes().length) {
            throw r.invalid(resultsAt, "start result count %d is larger than any function type could have",
                    results);
        }
        return new Definition.Start(at, func, List.copyOf(args), (int) results);
    }

    private Definition.Export export() {
        int at = r.pos;
        ExternName name = externName();
        int targetAt = r.pos;
        SortIdx target = sortIdx();
        if (target.sort().isCore() && target.sort() != Sort.CORE_MODULE) {
            throw r.invalid(targetAt, "a component cannot export a %s (of core sorts, only core modules)",
                    target.sort());
        }
        Optional<ExternType> type = r.flag("export type presence") ? Optional.of(externType()) : Optional.empty();
        return new Definition.Export(at, name, target, type);
    }

    private Definition.Value value() {
        int at = r.pos;
        ValType type = valType();
        int start = r.byteString("encoded value");
        return new Definition.Value(at, type, r.slice(start, r.pos - start));
    }

    private ExternName externName() {
        int at = r.pos;
        int form = r.u8("import or export name");
        switch (form) {
            case 0x00, 0x01 -> {
                return new ExternName(r.name("import or export name"), List.of());
            }
            case 0x02 -> {
                String name = r.name("import or export name");
                List<ExternName.Attribute> attributes = new ArrayList<>();
                vec("name attributes", () -> {
                    int attrAt = r.pos;
                    int kind = r.u8("name attribute");
                    attributes.add(switch (kind) {
                        case 0x00 -> new ExternName.Implements(r.name("implements interface name"));
                        case 0x01 -> new ExternName.VersionSuffix(r.name("version suffix"));
                        case 0x02 -> new ExternName.ExternalId(r.name("external id"));
                        default -> throw r.malformed(attrAt, "unknown name attribute 0x%02x", kind);
                    });
                });
                return new ExternName(name, List.copyOf(attributes));
            }
            default -> throw r.malformed(at, "unknown import or export name form 0x%02x (expected 0x00, 0x01 or "
                    + "0x02)", form);
        }
    }

    private ExternType externType() {
        int at = r.pos;
        int kind = r.u8("extern type");
        switch (kind) {
            case 0x00 -> {
                r.expect(0x11, "core module sort of an extern type");
                return new ExternType.CoreModule(index(Sort.CORE_TYPE));
            }
            case 0x01 -> {
                return new ExternType.Func(index(Sort.TYPE));
            }
            case 0x02 -> {
                int boundAt = r.pos;
                int bound = r.u8("value bound");
                return switch (bound) {
                    case 0x00 -> new ExternType.Value(new ExternType.ValueBound.Eq(index(Sort.VALUE)));
                    case 0x01 -> new ExternType.Value(new ExternType.ValueBound.Of(valType()));
                    default -> throw r.malformed(boundAt, "unknown value bound 0x%02x", bound);
                };
            }
            case 0x03 -> {
                int boundAt = r.pos;
                int bound = r.u8("type bound");
                return switch (bound) {
                    case 0x00 -> new ExternType.Type(new ExternType.TypeBound.Eq(index(Sort.TYPE)));
                    case 0x01 -> new ExternType.Type(new ExternType.TypeBound.SubResource());
                    default -> throw r.malformed(boundAt, "unknown type bound 0x%02x (expected 0x00 eq or 0x01 "
                            + "sub resource)", bound);
                };
            }
            case 0x04 -> {
                return new ExternType.Component(index(Sort.TYPE));
            }
            case 0x05 -> {
                return new ExternType.Instance(index(Sort.TYPE));
            }
            default -> throw r.malformed(at, "unknown extern type 0x%02x", kind);
        }
    }
}
