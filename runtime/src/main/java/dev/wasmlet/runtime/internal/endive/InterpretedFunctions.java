package dev.wasmlet.runtime.internal.endive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Which functions of a module Endive runs interpreted (those too large to compile), read from its
 * cached classes. Endive 1.0.0's main class hands them to its interpreter in its constructor:
 * {@code new CompilerInterpreterMachine(instance, new int[] {i, j, ...})}; a main class that never
 * makes that interpreter interprets nothing. Any other shape gives null: not understood.
 */
final class InterpretedFunctions {
    private static final String INTERPRETER = "run/endive/runtime/internal/CompilerInterpreterMachine";

    private InterpretedFunctions() {
    }

    /** The interpreted functions' indices, from a cache entry (a jar) of Endive's; null when not understood. */
    static int[] of(byte[] jar) {
        try {
            String mainClass = null;
            var classes = new java.util.HashMap<String, byte[]>();
            try (var in = new ZipInputStream(new ByteArrayInputStream(jar))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    if (e.getName().equals("wasm-module.properties")) {
                        var props = new Properties();
                        props.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)));
                        mainClass = props.getProperty("mainClass");
                    } else if (e.getName().endsWith(".class") && !e.getName().contains("FuncGroup")) {
                        classes.put(e.getName(), in.readAllBytes());
                    }
                }
            }
            byte[] main = mainClass == null ? null : classes.get(mainClass.replace('.', '/') + ".class");
            return main == null ? null : ofMainClass(main);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static int[] ofMainClass(byte[] classFile) {
        Constructor constructor = new Constructor();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return name.equals("<init>") ? constructor : null;
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return constructor.result();
    }

    /**
     * Collects the int constants pushed between {@code new CompilerInterpreterMachine} and its
     * {@code <init>}: the array's length n, then n pairs (index, function), stored in order.
     */
    private static final class Constructor extends MethodVisitor {
        private boolean made;
        private boolean inside;
        private boolean understood = true;
        private final List<Integer> constants = new ArrayList<>();
        private int[] found;

        Constructor() {
            super(Opcodes.ASM9);
        }

        int[] result() {
            if (!understood) {
                return null;
            }
            return made ? found : new int[0];
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW && type.equals(INTERPRETER)) {
                if (made) {
                    understood = false; // made twice: not the shape described above
                }
                made = true;
                inside = true;
                constants.clear();
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (inside && opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.ICONST_5) {
                constants.add(opcode - Opcodes.ICONST_0);
            }
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            if (inside && (opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH)) {
                constants.add(operand);
            }
        }

        @Override
        public void visitLdcInsn(Object value) {
            if (inside) {
                if (value instanceof Integer i) {
                    constants.add(i);
                } else {
                    understood = false;
                }
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (inside && opcode == Opcodes.INVOKESPECIAL && owner.equals(INTERPRETER) && name.equals("<init>")) {
                inside = false;
                found = pairs();
                understood &= found != null;
            }
        }

        /** The functions of {@code [n, 0, f0, 1, f1, ...]}, or null when the constants are not that. */
        private int[] pairs() {
            if (constants.isEmpty() || constants.size() != 1 + 2 * constants.get(0)) {
                return null;
            }
            int[] functions = new int[constants.get(0)];
            for (int i = 0; i < functions.length; i++) {
                if (constants.get(1 + 2 * i) != i || constants.get(2 + 2 * i) < 0) {
                    return null;
                }
                functions[i] = constants.get(2 + 2 * i);
            }
            return functions;
        }
    }
}
