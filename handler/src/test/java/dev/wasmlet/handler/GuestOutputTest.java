package dev.wasmlet.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestOutputTest {
    private final List<String> lines = new ArrayList<>();

    private static void write(GuestOutput out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }

    @Test
    void tagsEveryLineJoiningPartialWritesAndKeepingEmptyLines() {
        GuestOutput out = new GuestOutput("stdout", 3, true, lines::add);
        write(out, "line one\n");
        write(out, "\n");
        write(out, "line ");
        write(out, "three\n");
        write(out, "tail");
        assertEquals(List.of("stdout [3] :: line one", "stdout [3] :: ", "stdout [3] :: line three"), lines);
        out.close();
        assertEquals("stdout [3] :: tail", lines.get(3));
    }

    @Test
    void withoutPrefixLinesAreAsWritten() {
        GuestOutput out = new GuestOutput("stderr", 0, false, lines::add);
        write(out, "a\nb\n");
        assertEquals(List.of("a", "b"), lines);
    }

    @Test
    void cutsALineThatNeverEnds() {
        GuestOutput out = new GuestOutput("stdout", 1, false, lines::add);
        byte[] chunk = new byte[1000];
        java.util.Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 200; i++) {
            out.write(chunk, 0, chunk.length);
        }
        out.close();
        assertEquals(200_000, lines.stream().mapToInt(String::length).sum());
        assertEquals(GuestOutput.MAX_LINE_BYTES, lines.get(0).length());
    }

    @Test
    void keepsMultiByteCharactersWhole() {
        GuestOutput out = new GuestOutput("stdout", 2, true, lines::add);
        byte[] bytes = "héllo 😀\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            out.write(new byte[] {b}, 0, 1);
        }
        assertEquals(List.of("stdout [2] :: héllo 😀"), lines);
    }
}
