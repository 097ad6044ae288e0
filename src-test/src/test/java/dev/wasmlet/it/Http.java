package dev.wasmlet.it;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code java.net.http} helpers with bounded waits. */
final class Http {
    /** The longest a single request of these tests may take, headers and body. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private Http() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static HttpRequest.Builder request(Container c, String pathAndQuery) {
        return HttpRequest.newBuilder(c.uri(pathAndQuery)).timeout(REQUEST_TIMEOUT);
    }

    static HttpResponse<String> get(HttpClient client, Container c, String pathAndQuery)
            throws IOException, InterruptedException {
        return client.send(request(c, pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the container answers HTTP at all (any status); fails early when its process ends. */
    static void awaitAnswer(Container c, Duration timeout) throws InterruptedException {
        awaitStatus(c, "/", -1, timeout);
    }

    /**
     * Waits until {@code GET pathAndQuery} answers {@code status} (-1: any status), bounded; fails
     * early, with the end of the log, when the container's process ends.
     */
    static void awaitStatus(Container c, String pathAndQuery, int status, Duration timeout)
            throws InterruptedException {
        HttpClient client = client();
        long end = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            if (!c.isAlive()) {
                throw new AssertionError(c + ": the process ended; log ends with:\n" + c.logTail(80));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(c.uri(pathAndQuery))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (status < 0 || r.statusCode() == status) {
                    return;
                }
                last = "status " + r.statusCode() + ": " + abbreviate(r.body());
            } catch (IOException e) {
                last = e.toString();
            }
            if (System.nanoTime() > end) {
                throw new AssertionError(c + ": GET " + pathAndQuery + " did not answer "
                        + (status < 0 ? "" : status + " ") + "within " + timeout + " (last: " + last
                        + "); log ends with:\n" + c.logTail(80));
            }
            Thread.sleep(200);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
