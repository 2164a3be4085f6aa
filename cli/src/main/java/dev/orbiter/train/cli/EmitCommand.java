package dev.orbiter.train.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.orbiter.train.client.capture.TrajectoryEmitter;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code orbiter emit steps.jsonl}: one TrajectoryItem (its toMap() JSON) per line, into orbiter.steps via the SDK. */
@Command(name = "emit", mixinStandardHelpOptions = true, description = "Emit steps from a JSONL file (or - for stdin) to Kafka.")
public final class EmitCommand implements Callable<Integer> {

    @Mixin
    Connection connection;

    @Parameters(index = "0", defaultValue = "-", description = "JSONL file, one step per line; - reads stdin")
    String file;

    @Override
    public Integer call() throws IOException {
        Map<String, Object> config = connection.clientConfig();
        config.put(TrajectoryEmitter.SOURCE, "cli");
        AtomicLong failed = new AtomicLong();
        long lines = 0;
        try (BufferedReader in = file.equals("-") ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file));
             TrajectoryEmitter emitter = TrajectoryEmitter.create(config);
             Progress progress = new Progress(System.err, "emit", 0)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines++;
                if (line.isBlank()) {
                    continue;
                }
                TrajectoryItem item;
                try {
                    item = TrajectoryItem.fromMap(Http.JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
                } catch (IOException | RuntimeException e) {
                    throw new CliException(file + ":" + lines + ": not a step: " + e.getMessage(), 2);
                }
                emitter.emit(item).whenComplete((ok, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    }
                });
                progress.add(1);
            }
            emitter.flush();
            System.out.printf("emitted %,d steps%s%n", progress.count(), failed.get() == 0 ? "" : ", " + failed.get() + " failed");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new CliException("no file " + file, 2);
        }
        return failed.get() == 0 ? 0 : 1;
    }
}
