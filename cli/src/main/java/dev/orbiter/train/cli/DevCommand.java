package dev.orbiter.train.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code orbiter dev}: the local stack, kept running until Ctrl-C. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Run the platform locally (Kafka, registry, the three services) until Ctrl-C.")
public final class DevCommand implements Callable<Integer> {

    @Option(names = "--root", description = "the repository (default: -Dorbiter.root or the current directory)")
    Path root;

    @Option(names = "--home", defaultValue = ".orbiter", description = "where the stack keeps its data and logs")
    Path home;

    @Option(names = "--port-offset", defaultValue = "0", description = "added to every port (9092, 8080-8083)")
    int portOffset;

    static Path root(Path given) {
        return (given != null ? given : Path.of(System.getProperty("orbiter.root", "."))).toAbsolutePath().normalize();
    }

    @Override
    public Integer call() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack stack = LocalStack.start(root(root), root(root).resolve(home), LocalStack.Ports.defaults().offset(portOffset),
                System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping the local stack...");
            stack.close();
            stopped.countDown();
        }, "orbiter-dev-stop"));
        stack.printUrls(System.out);
        System.out.println("\nCtrl-C stops everything.");
        stopped.await();
        return 0;
    }
}
