package dev.wasmlet.runtime.internal.endive;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import run.endive.wasm.Parser;
import run.endive.wasm.WasmModule;
import run.endive.wasm.types.CodeSection;
import run.endive.wasm.types.CustomSection;
import run.endive.wasm.types.DataCountSection;
import run.endive.wasm.types.DataSection;
import run.endive.wasm.types.ElementSection;
import run.endive.wasm.types.ExportSection;
import run.endive.wasm.types.ExternalType;
import run.endive.wasm.types.FunctionBody;
import run.endive.wasm.types.FunctionSection;
import run.endive.wasm.types.GlobalSection;
import run.endive.wasm.types.ImportSection;
import run.endive.wasm.types.MemorySection;
import run.endive.wasm.types.OpCode;
import run.endive.wasm.types.Section;
import run.endive.wasm.types.StartSection;
import run.endive.wasm.types.TableSection;
import run.endive.wasm.types.TagSection;
import run.endive.wasm.types.TypeSection;

/**
 * Parses a module whose compiled classes are already in the compile cache without decoding its
 * function bodies. With the classes at hand, Endive runs a body's instructions only for the few
 * functions it interprets (those too large to compile, {@link InterpretedFunctions}), so decoding
 * and validating every body (most of a large module's load time, and most of its parsed size) is
 * work thrown away: only the interpreted functions' bodies are decoded (apart from the others); the
 * others get an empty body that nothing reads. No validation: the module was validated when its classes
 * were cached, and the cache is keyed by the digest of these very bytes.
 */
final class CachedModuleParser {
    private static final int TYPE = 1;
    private static final int FUNCTION = 3;
    private static final int CODE = 10;
    private static final int MAX_SECTION_ID = 13;
    private static final Set<OpCode> TAIL_CALLS = EnumSet.of(OpCode.RETURN_CALL, OpCode.RETURN_CALL_INDIRECT, OpCode.RETURN_CALL_REF);
    /**
     * The body given to every compiled function, which Endive never reads: {@code unreachable},
     * so that if it ever ran one, the guest would trap rather than go on with a wrong result.
     */
    private static final FunctionBody NOT_DECODED = Parser.parse(new byte[] {
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
        0x01, 0x04, 0x01, 0x60, 0x00, 0x00,             // type section: () -> ()
        0x03, 0x02, 0x01, 0x00,                         // function section: one of type 0
        0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b,       // code section: no locals, unreachable, end
    }).codeSection().getFunctionBody(0);

    private CachedModuleParser() {}

    /**
     * The module with only its interpreted functions' bodies decoded, or null when it is not in the cache (or
     * anything about it is unexpected: the caller then parses it in full, which reports the errors).
     */
    static WasmModule parseIfCached(byte[] bytes, DiskCache cache) {
        String digest = digest(bytes);
        if (digest == null || !cache.contains(digest)) {
            return null;
        }
        try {
            byte[] classes = cache.get(digest);
            int[] interpreted = classes == null ? null : InterpretedFunctions.of(classes);
            if (interpreted == null) {
                return null;
            }
            Sections sections = Sections.of(bytes);
            var module = WasmModule.builder().withValidation(false).withDigest(digest);
            int importedFunctions = parseWithoutCode(bytes, module, true);
            if (importedFunctions < 0) {
                module = WasmModule.builder().withValidation(false).withDigest(digest);
                importedFunctions = parseWithoutCode(bytes, module, false);
                if (importedFunctions < 0) {
                    return null;
                }
            }
            // Endive numbers functions with the imported ones first; the code section holds the others.
            int[] indices = new int[interpreted.length];
            for (int i = 0; i < interpreted.length; i++) {
                indices[i] = interpreted[i] - importedFunctions;
                if (indices[i] < 0 || indices[i] >= sections.bodyOffsets.length) {
                    return null;
                }
            }
            CodeSection decoded = indices.length == 0 ? null : decode(bytes, sections, indices);
            var bodies = new FunctionBody[sections.bodyOffsets.length];
            for (int i = 0; i < indices.length; i++) {
                FunctionBody body = decoded.getFunctionBody(i);
                for (var instruction : body.instructions()) {
                    if (TAIL_CALLS.contains(instruction.opcode())) {
                        return null; // Endive's interpreter runs a tail call's callee itself: its body is needed too
                    }
                }
                bodies[indices[i]] = body;
            }
            var code = CodeSection.builder();
            for (FunctionBody body : bodies) {
                code.addFunctionBody(body != null ? body : NOT_DECODED);
            }
            return module.setCodeSection(code.build()).build();
        } catch (IOException | RuntimeException | AssertionError e) {
            return null;
        }
    }

    /** The key Endive's parser gives the module ({@link WasmModule#digest()}), or null if it is not the default SHA-256. */
    static String digest(byte[] bytes) {
        if (!"SHA-256".equals(System.getProperty("run.endive.wasm.Parser.DIGEST_ALGORITHM", "SHA-256"))) {
            return null;
        }
        try {
            return "sha-256:" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            return null;
        }
    }

    /**
     * Every section but the code, unvalidated, into {@code module}; returns how many functions the
     * module imports, or -1 if the sections do not parse.
     */
    private static int parseWithoutCode(byte[] bytes, WasmModule.Builder module, boolean customSections) {
        var parser = Parser.builder().withValidation(false);
        for (int id = customSections ? 0 : 1; id <= MAX_SECTION_ID; id++) {
            if (id != CODE) {
                parser.includeSectionId(id);
            }
        }
        var imports = new ImportSection[1];
        try {
            parser.build().parse(new ByteArrayInputStream(bytes), section -> {
                add(module, section);
                if (section instanceof ImportSection i) {
                    imports[0] = i;
                }
            });
        } catch (RuntimeException | AssertionError e) {
            return -1;
        }
        return imports[0] == null ? 0 : imports[0].count(ExternalType.FUNCTION);
    }

    /** What Endive's parser does with each section it reads. */
    private static void add(WasmModule.Builder module, Section section) {
        if (section instanceof CustomSection s) {
            module.addCustomSection(s.name(), s);
        } else if (section instanceof TypeSection s) {
            module.setTypeSection(s);
        } else if (section instanceof ImportSection s) {
            module.setImportSection(s);
        } else if (section instanceof FunctionSection s) {
            module.setFunctionSection(s);
        } else if (section instanceof TableSection s) {
            module.setTableSection(s);
        } else if (section instanceof MemorySection s) {
            module.setMemorySection(s);
        } else if (section instanceof GlobalSection s) {
            module.setGlobalSection(s);
        } else if (section instanceof ExportSection s) {
            module.setExportSection(s);
        } else if (section instanceof StartSection s) {
            module.setStartSection(s);
        } else if (section instanceof ElementSection s) {
            module.setElementSection(s);
        } else if (section instanceof DataSection s) {
            module.setDataSection(s);
        } else if (section instanceof DataCountSection s) {
            module.setDataCountSection(s);
        } else if (section instanceof TagSection s) {
            module.setTagSection(s);
        } else {
            module.addIgnoredSection(section.sectionId());
        }
    }

    /** Where the sections a lone body needs are in the module's bytes, and where each body starts and ends. */
    private static final class Sections {
        int typeStart = -1;
        int typeEnd;
        int[] typeIndices = new int[0];
        int[] bodyOffsets = new int[0];
        int[] bodyEnds = new int[0];

        static Sections of(byte[] bytes) {
            var s = new Sections();
            int[] pos = {8};
            while (pos[0] < bytes.length) {
                int id = bytes[pos[0]++] & 0xff;
                int size = leb(bytes, pos);
                int start = pos[0];
                int end = Math.addExact(start, size);
                if (end > bytes.length) {
                    throw new IllegalArgumentException("section " + id + " runs past the end");
                }
                switch (id) {
                    case TYPE -> {
                        s.typeStart = start;
                        s.typeEnd = end;
                    }
                    case FUNCTION -> {
                        s.typeIndices = new int[leb(bytes, pos)];
                        for (int i = 0; i < s.typeIndices.length; i++) {
                            s.typeIndices[i] = leb(bytes, pos);
                        }
                    }
                    case CODE -> {
                        int count = leb(bytes, pos);
                        s.bodyOffsets = new int[count];
                        s.bodyEnds = new int[count];
                        for (int i = 0; i < count; i++) {
                            int bodySize = leb(bytes, pos);
                            s.bodyOffsets[i] = pos[0];
                            s.bodyEnds[i] = pos[0] = Math.addExact(pos[0], bodySize);
                        }
                        if (pos[0] != end) {
                            throw new IllegalArgumentException("code section size mismatch");
                        }
                    }
                    default -> { }
                }
                pos[0] = end;
            }
            if (s.typeIndices.length != s.bodyOffsets.length) {
                throw new IllegalArgumentException("function and code section have inconsistent lengths");
            }
            return s;
        }
    }

    private static int leb(byte[] bytes, int[] pos) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte b = bytes[pos[0]++];
            result |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("LEB128 too long");
    }

    /** Writes {@code value} as an unsigned LEB128. */
    static void writeLeb(ByteArrayOutputStream out, int value) {
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
    }

    /** Writes a section of id {@code id} holding {@code bytes[start, end)}. */
    static void writeSection(ByteArrayOutputStream out, int id, byte[] bytes, int start, int end) {
        out.write(id);
        writeLeb(out, end - start);
        out.write(bytes, start, end - start);
    }

    /** The bodies at {@code indices}, decoded as a module of them alone: the type section (their locals and blocks refer to it) and them. */
    private static CodeSection decode(byte[] bytes, Sections sections, int[] indices) {
        var out = new ByteArrayOutputStream();
        out.write(bytes, 0, 8);
        var parser = Parser.builder().withValidation(false).includeSectionId(CODE);
        if (sections.typeStart >= 0) {
            writeSection(out, TYPE, bytes, sections.typeStart, sections.typeEnd);
            parser.includeSectionId(TYPE);
        }
        var code = new ByteArrayOutputStream();
        writeLeb(code, indices.length);
        for (int index : indices) {
            int start = sections.bodyOffsets[index];
            int size = sections.bodyEnds[index] - start;
            writeLeb(code, size);
            code.write(bytes, start, size);
        }
        writeSection(out, CODE, code.toByteArray(), 0, code.size());
        var decoded = new CodeSection[1];
        parser.build().parse(new ByteArrayInputStream(out.toByteArray()), section -> {
            if (section instanceof CodeSection c) {
                decoded[0] = c;
            }
        });
        if (decoded[0] == null || decoded[0].functionBodyCount() != indices.length) {
            throw new IllegalStateException("the interpreted functions' bodies did not decode");
        }
        return decoded[0];
    }
}
