package dev.wasmlet.runtime.internal.binary;

import java.util.List;
import java.util.Optional;

/**
 * One definition of a component, in the order of the binary ({@link ComponentBinary#definitions()}).
 *
 * <p>Each definition appends {@link #definedCount()} entries (one, except for {@link Start}) to
 * the index space {@link #sort()}, and the index spaces of a component are nothing but these
 * appends in binary order, across all sections. Every index a definition holds refers to the
 * index spaces as they stood just before it, and the parser has checked it is in range there.
 *
 * <table>
 *   <caption>What each definition appends to</caption>
 *   <tr><th>definition</th><th>section</th><th>index space</th></tr>
 *   <tr><td>{@link CoreModule}</td><td>1</td><td>core module</td></tr>
 *   <tr><td>{@link CoreInstantiate}, {@link CoreInstanceExports}</td><td>2</td><td>core instance</td></tr>
 *   <tr><td>{@link CoreType}</td><td>3</td><td>core type</td></tr>
 *   <tr><td>{@link NestedComponent}</td><td>4</td><td>component</td></tr>
 *   <tr><td>{@link Instantiate}, {@link InstanceExports}</td><td>5</td><td>instance</td></tr>
 *   <tr><td>{@link Alias}</td><td>6</td><td>its sort (e.g. a core export of kind func: core func)</td></tr>
 *   <tr><td>{@link Type}</td><td>7</td><td>type</td></tr>
 *   <tr><td>{@link Canon.Lift}</td><td>8</td><td>func</td></tr>
 *   <tr><td>every other {@link Canon} (lower, resource.*, async, ...)</td><td>8</td><td>core func</td></tr>
 *   <tr><td>{@link Start}</td><td>9</td><td>value, once per result</td></tr>
 *   <tr><td>{@link Import}</td><td>10</td><td>the sort of its {@link ExternType}</td></tr>
 *   <tr><td>{@link Export}</td><td>11</td><td>the sort of its target: an export is also a new index</td></tr>
 *   <tr><td>{@link Value}</td><td>12</td><td>value</td></tr>
 * </table>
 *
 * Custom sections (0) define nothing and are kept apart ({@link ComponentBinary#customSections()}).
 */
public sealed interface Definition
        permits Definition.CoreModule, Definition.CoreInstantiate, Definition.CoreInstanceExports,
                Definition.CoreType, Definition.NestedComponent, Definition.Instantiate,
                Definition.InstanceExports, Definition.Alias, Definition.Type, Canon, Definition.Start,
                Definition.Import, Definition.Export, Definition.Value {

    /** The absolute offset of the definition's first byte, from the start of the outermost binary. */
    int offset();

    /** The index space this definition appends to. */
    Sort sort();

    /** How many entries it appends: 1, except for {@link Start} (one per result). */
    default int definedCount() {
        return 1;
    }

    /**
     * A core module (section 1), kept as the raw bytes of the whole module, preamble included,
     * for the core engine. Only its preamble was checked.
     */
    record CoreModule(int offset, ByteSlice bytes) implements Definition {
        @Override
        public Sort sort() {
            return Sort.CORE_MODULE;
        }
    }

    /**
     * {@code (core instance (instantiate module (with name (instance i))*))}, section 2 form 0x00.
     *
     * @param module the core module index
     * @param args the instantiation arguments: each names a module import namespace
     */
    record CoreInstantiate(int offset, int module, List<Arg> args) implements Definition {
        @Override
        public Sort sort() {
            return Sort.CORE_INSTANCE;
        }

        /** {@code (with name (instance instance))}: a core instance supplies import namespace {@code name}. */
        public record Arg(String name, int instance) {
        }
    }

    /**
     * A core instance made of existing core definitions, section 2 form 0x01: each export names
     * an entry of a core index space.
     */
    record CoreInstanceExports(int offset, List<Export> exports) implements Definition {
        @Override
        public Sort sort() {
            return Sort.CORE_INSTANCE;
        }

        /** {@code (export name (sort index))}; the target's sort is a core sort. */
        public record Export(String name, SortIdx target) {
        }
    }

    /** A core type (section 3): a core function type or a core module type. */
    record CoreType(int offset, CoreDefType type) implements Definition {
        @Override
        public Sort sort() {
            return Sort.CORE_TYPE;
        }
    }

    /**
     * A nested component (section 4), parsed recursively. Its index spaces start empty; it sees
     * this component's definitions only through outer aliases. The offset is that of its preamble.
     */
    record NestedComponent(int offset, ComponentBinary component) implements Definition {
        @Override
        public Sort sort() {
            return Sort.COMPONENT;
        }
    }

    /**
     * {@code (instance (instantiate component (with name sortidx)*))}, section 5 form 0x00.
     *
     * @param component the component index
     * @param args the arguments, matched by name against the component's imports
     */
    record Instantiate(int offset, int component, List<Arg> args) implements Definition {
        @Override
        public Sort sort() {
            return Sort.INSTANCE;
        }

        /** {@code (with name target)}. */
        public record Arg(String name, SortIdx target) {
        }
    }

    /** A component instance made of existing definitions, section 5 form 0x01. */
    record InstanceExports(int offset, List<Export> exports) implements Definition {
        @Override
        public Sort sort() {
            return Sort.INSTANCE;
        }

        /** {@code (export name target)}. */
        public record Export(ExternName name, SortIdx target) {
        }
    }

    /** An alias (section 6), appending to the index space of {@code sort}. */
    record Alias(int offset, Sort sort, AliasTarget target) implements Definition {
    }

    /** A type definition (section 7). */
    record Type(int offset, DefType type) implements Definition {
        @Override
        public Sort sort() {
            return Sort.TYPE;
        }
    }

    /**
     * A start definition (section 9, 🪙): call component function {@code func} with the values
     * {@code args}, appending its {@code results} result values to the value index space.
     */
    record Start(int offset, int func, List<Integer> args, int results) implements Definition {
        @Override
        public Sort sort() {
            return Sort.VALUE;
        }

        @Override
        public int definedCount() {
            return results;
        }
    }

    /** An import (section 10), appending to the index space of its type's sort. */
    record Import(int offset, ExternName name, ExternType type) implements Definition {
        @Override
        public Sort sort() {
            return type.sort();
        }
    }

    /**
     * An export (section 11). Like an alias, it appends a new index, to the space of the
     * exported sort, which refers to the exported definition (with the ascribed type if any).
     *
     * @param target what is exported (never a core sort other than core module)
     * @param type the type ascribed to the export, if given; validation requires a supertype
     *        of the target's type
     */
    record Export(int offset, ExternName name, SortIdx target, Optional<ExternType> type) implements Definition {
        @Override
        public Sort sort() {
            return target.sort();
        }
    }

    /**
     * A value definition (section 12, 🪙), kept encoded: the bytes of {@code val(type)}, which
     * can be decoded only once the type is resolved.
     */
    record Value(int offset, ValType type, ByteSlice encoded) implements Definition {
        @Override
        public Sort sort() {
            return Sort.VALUE;
        }
    }
}
