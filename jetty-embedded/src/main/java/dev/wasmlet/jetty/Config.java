package dev.wasmlet.jetty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Reads {@code --config FILE.json}: the same keys as the servlet's JSON configuration. */
final class Config {
    private Config() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        try {
            return new ObjectMapper().readValue(file.toFile(), Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--config " + file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + file + " cannot be read: " + e.getMessage());
        }
    }
}
