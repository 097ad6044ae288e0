package dev.wasmlet.engine.wasmtime;

import dev.wasmlet.runtime.engine.CoreCompileException;
import dev.wasmlet.runtime.engine.CoreFuncType;
import dev.wasmlet.runtime.engine.CoreImport;
import dev.wasmlet.runtime.engine.CoreValType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the Wasmtime engine reads of a core module and the one rewrite it makes. wasmtime-java
 * 0.19 lists neither a module's exports nor its types, and can link a table or global from one
 * instance into another only by name through a {@code Linker}; so the module is read here, and
 * instantiated from copies whose import and export names are changed (the code is never touched).
 * Only the sections this needs are decoded; Wasmtime validates the whole module when it compiles.
 */
final class ModuleBinary {
    private static final int IMPORT_SECTION = 2;
    private static final int MEMORY_SECTION = 5;
    private static final int EXPORT_SECTION = 7;

    /** One import: its names, its kind, and where its description lies in the bytes. */
    record Import(String module, String name, CoreImport.Kind kind, CoreFuncType functionType, int descStart,
                  int descEnd) {
    }

    /** One export: its name, kind, index in its index space, and where its kind and index lie. */
    record Export(String name, CoreImport.Kind kind, int index, int tailStart, int tailEnd) {
    }

    /**
     * A memory the module defines: {@code maximum} is -1 when undeclared; {@code plain} when it is
     * 32-bit and unshared; its limits lie from {@code start} to {@code end}.
     */
    record Memory(long minimum, long maximum, boolean plain, int start, int end) {
    }

    private record Section(int id, int start, int end) {
    }

    private final byte[] bytes;
    private final List<Section> sections = new ArrayList<>();
    private final List<CoreFuncType> types = new ArrayList<>();
    final List<Import> imports = new ArrayList<>();
    /** The type of every function, imported ones first. */
    final List<CoreFuncType> functions = new ArrayList<>();
    /** The type and mutability of every global, imported ones first. */
    final List<CoreValType> globals = new ArrayList<>();
    final List<Boolean> globalsMutable = new ArrayList<>();
    final List<Memory> memories = new ArrayList<>();
    final List<Export> exports = new ArrayList<>();
    long activeDataBytes;

    private ModuleBinary(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Reads a core module.
     *
     * @throws CoreCompileException when the bytes are not a core module or a section read here is malformed
     */
    static ModuleBinary read(byte[] bytes) {
        ModuleBinary m = new ModuleBinary(bytes);
        try {
            m.readSections();
        } catch (IndexOutOfBoundsException e) {
            throw new CoreCompileException("core module is malformed: unexpected end of a section", e);
        }
        return m;
    }

    private void readSections() {
        if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
            throw new CoreCompileException("not a WebAssembly binary (no \\0asm magic)", null);
        }
        if (bytes[4] != 1 || bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0) {
            throw new CoreCompileException("not a core module of binary version 1 (a component?)", null);
        }
        Cursor c = new Cursor(bytes, 8, bytes.length);
        while (c.pos < bytes.length) {
            int id = c.u8();
            int size = c.u32();
            int start = c.pos;
            if (size < 0 || start + size > bytes.length) {
                throw new CoreCompileException("core module is malformed: section " + id + " runs past the end", null);
            }
            sections.add(new Section(id, start, start + size));
            Cursor s = new Cursor(bytes, start, start + size);
            switch (id) {
                case 1 -> readTypes(s);
                case IMPORT_SECTION -> readImports(s);
                case 3 -> readFunctions(s);
                case MEMORY_SECTION -> readMemories(s);
                case 6 -> readGlobals(s);
                case EXPORT_SECTION -> readExports(s);
                case 11 -> readData(s);
                default -> {
                    // Not needed here: copied as it is.
                }
            }
            c.pos = start + size;
        }
    }

    private void readTypes(Cursor s) {
        for (int n = s.u32(); n > 0; n--) {
            int form = s.u8();
            if (form != 0x60) {
                throw new CoreCompileException("type form 0x" + Integer.toHexString(form) + " is not supported", null);
            }
            List<CoreValType> params = valTypes(s);
            types.add(new CoreFuncType(params, valTypes(s)));
        }
    }

    private static List<CoreValType> valTypes(Cursor s) {
        List<CoreValType> out = new ArrayList<>();
        for (int n = s.u32(); n > 0; n--) {
            out.add(valType(s.u8()));
        }
        return out;
    }

    private static CoreValType valType(int code) {
        return switch (code) {
            case 0x7F -> CoreValType.I32;
            case 0x7E -> CoreValType.I64;
            case 0x7D -> CoreValType.F32;
            case 0x7C -> CoreValType.F64;
            case 0x70 -> CoreValType.FUNCREF;
            case 0x6F -> CoreValType.EXTERNREF;
            default -> throw new CoreCompileException("value type 0x" + Integer.toHexString(code)
                    + " is not supported", null);
        };
    }

    private void readImports(Cursor s) {
        for (int n = s.u32(); n > 0; n--) {
            String module = s.name();
            String name = s.name();
            int descStart = s.pos;
            int kind = s.u8();
            CoreImport.Kind k;
            CoreFuncType functionType = null;
            switch (kind) {
                case 0 -> {
                    k = CoreImport.Kind.FUNCTION;
                    functionType = type(s.u32());
                    functions.add(functionType);
                }
                case 1 -> {
                    k = CoreImport.Kind.TABLE;
                    s.u8();
                    limits(s);
                }
                case 2 -> {
                    k = CoreImport.Kind.MEMORY;
                    limits(s);
                }
                case 3 -> {
                    k = CoreImport.Kind.GLOBAL;
                    globals.add(valType(s.u8()));
                    globalsMutable.add(s.u8() == 1);
                }
                case 4 -> {
                    k = CoreImport.Kind.TAG;
                    s.u8();
                    s.u32();
                }
                default -> throw new CoreCompileException("import kind " + kind + " is not supported", null);
            }
            imports.add(new Import(module, name, k, functionType, descStart, s.pos));
        }
    }

    private CoreFuncType type(int index) {
        if (index < 0 || index >= types.size()) {
            throw new CoreCompileException("core module is malformed: type index " + index + " out of range", null);
        }
        return types.get(index);
    }

    /** Reads limits; returns {minimum, maximum or -1, 1 when the limits are plain 32-bit unshared}. */
    private static long[] limits(Cursor s) {
        int flags = s.u8();
        boolean is64 = (flags & 4) != 0;
        long min = is64 ? s.u64() : Integer.toUnsignedLong(s.u32());
        long max = (flags & 1) != 0 ? (is64 ? s.u64() : Integer.toUnsignedLong(s.u32())) : -1;
        return new long[] {min, max, flags <= 1 ? 1 : 0};
    }

    private void readFunctions(Cursor s) {
        for (int n = s.u32(); n > 0; n--) {
            functions.add(type(s.u32()));
        }
    }

    private void readMemories(Cursor s) {
        for (int n = s.u32(); n > 0; n--) {
            int start = s.pos;
            long[] l = limits(s);
            memories.add(new Memory(l[0], l[1], l[2] == 1, start, s.pos));
        }
    }

    private void readGlobals(Cursor s) {
        for (int n = s.u32(); n > 0; n--) {
            globals.add(valType(s.u8()));
            globalsMutable.add(s.u8() == 1);
            constExpr(s);
        }
    }

    private void readExports(Cursor s) {
        for (int n = s.u32(); n > 0; n--) {
            String name = s.name();
            int tailStart = s.pos;
            int kind = s.u8();
            int index = s.u32();
            CoreImport.Kind k = switch (kind) {
                case 0 -> CoreImport.Kind.FUNCTION;
                case 1 -> CoreImport.Kind.TABLE;
                case 2 -> CoreImport.Kind.MEMORY;
                case 3 -> CoreImport.Kind.GLOBAL;
                case 4 -> CoreImport.Kind.TAG;
                default -> throw new CoreCompileException("export kind " + kind + " is not supported", null);
            };
            exports.add(new Export(name, k, index, tailStart, s.pos));
        }
    }

    private void readData(Cursor s) {
        for (int n = s.u32(); n > 0; n--) {
            int flags = s.u32();
            if (flags == 2) {
                s.u32();
            }
            if (flags != 1) {
                constExpr(s);
            }
            int length = s.u32();
            if (flags != 1) {
                activeDataBytes += length;
            }
            s.pos += length;
        }
    }

    /** Skips a constant expression: the instructions the core spec and extended-const allow there. */
    private static void constExpr(Cursor s) {
        while (true) {
            int op = s.u8();
            switch (op) {
                case 0x0B -> {
                    return;
                }
                case 0x41, 0x42, 0x23, 0xD2 -> s.u64();
                case 0x43 -> s.pos += 4;
                case 0x44 -> s.pos += 8;
                case 0xD0 -> s.u8();
                case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E -> {
                    // Extended constant arithmetic: no immediates.
                }
                case 0xFD -> {
                    s.u32();
                    s.pos += 16;
                }
                default -> throw new CoreCompileException("constant expression opcode 0x" + Integer.toHexString(op)
                        + " is not supported", null);
            }
        }
    }

    /**
     * A copy of the module with new import names ({@code importNames[i]} is module and name of
     * import i, or null to keep it), exports renamed by {@code exportNames}, and the maximum of
     * every memory it defines lowered to {@code maxPages} (memories that start above it keep
     * their limits: instantiating refuses them).
     */
    byte[] rewrite(String[][] importNames, Map<String, String> exportNames, long maxPages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
        out.write(bytes, 0, 8);
        for (Section section : sections) {
            byte[] payload = switch (section.id()) {
                case IMPORT_SECTION -> importNames == null ? null : imports(importNames);
                case EXPORT_SECTION -> exportNames.isEmpty() ? null : exports(exportNames);
                case MEMORY_SECTION -> cappedMemories(maxPages);
                default -> null;
            };
            out.write(section.id());
            if (payload == null) {
                writeU32(out, section.end() - section.start());
                out.write(bytes, section.start(), section.end() - section.start());
            } else {
                writeU32(out, payload.length);
                out.writeBytes(payload);
            }
        }
        return out.toByteArray();
    }

    private byte[] imports(String[][] names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeU32(out, imports.size());
        for (int i = 0; i < imports.size(); i++) {
            Import imp = imports.get(i);
            writeName(out, names[i] == null ? imp.module() : names[i][0]);
            writeName(out, names[i] == null ? imp.name() : names[i][1]);
            out.write(bytes, imp.descStart(), imp.descEnd() - imp.descStart());
        }
        return out.toByteArray();
    }

    private byte[] exports(Map<String, String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeU32(out, exports.size());
        for (Export e : exports) {
            writeName(out, names.getOrDefault(e.name(), e.name()));
            out.write(bytes, e.tailStart(), e.tailEnd() - e.tailStart());
        }
        return out.toByteArray();
    }

    private byte[] cappedMemories(long maxPages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeU32(out, memories.size());
        for (Memory m : memories) {
            if (m.plain() && m.minimum() <= maxPages) {
                out.write(1);
                writeU32(out, (int) m.minimum());
                writeU32(out, (int) (m.maximum() < 0 ? maxPages : Math.min(m.maximum(), maxPages)));
            } else {
                out.write(bytes, m.start(), m.end() - m.start());
            }
        }
        return out.toByteArray();
    }

    private static void writeName(ByteArrayOutputStream out, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        writeU32(out, utf8.length);
        out.writeBytes(utf8);
    }

    private static void writeU32(ByteArrayOutputStream out, int value) {
        int v = value;
        do {
            int b = v & 0x7F;
            v >>>= 7;
            out.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }

    /** A reading position in a byte range. */
    private static final class Cursor {
        private final byte[] bytes;
        private final int end;
        int pos;

        Cursor(byte[] bytes, int pos, int end) {
            this.bytes = bytes;
            this.pos = pos;
            this.end = end;
        }

        int u8() {
            if (pos >= end) {
                throw new IndexOutOfBoundsException(pos);
            }
            return bytes[pos++] & 0xFF;
        }

        int u32() {
            return (int) u64();
        }

        /** An unsigned or signed LEB128 of up to 64 bits, as its low bits (callers only skip or bound it). */
        long u64() {
            long result = 0;
            int shift = 0;
            int b;
            do {
                b = u8();
                if (shift < 64) {
                    result |= (long) (b & 0x7F) << shift;
                }
                shift += 7;
            } while ((b & 0x80) != 0);
            return result;
        }

        String name() {
            int length = u32();
            if (length < 0 || pos + length > end) {
                throw new IndexOutOfBoundsException(pos);
            }
            String s = new String(bytes, pos, length, StandardCharsets.UTF_8);
            pos += length;
            return s;
        }
    }
}
