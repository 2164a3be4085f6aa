package dev.orbiter.train.verl.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.generic.GenericRecord;

/**
 * The stand-in for {@code python3} in the launcher tests (VeRL cannot be installed here). As
 * {@code -I -c <find verl.trainer.main_ppo>} it exits 0. As {@code -m verl.trainer.main_ppo k=v ...} it checks its
 * arguments and the Parquet files, records its arguments in {@code fake-verl-args.txt}, then per
 * {@code +fake.mode}: {@code ok} prints metric lines in VeRL's console format and exits 0;
 * {@code fail} prints a traceback to stderr and exits 1; {@code hang} starts a child process,
 * prints one step and waits forever (to be cancelled).
 */
public final class FakeVerl {

    private FakeVerl() {
    }

    public static void main(String[] args) throws Exception {
        // A stand-in process whose whole job is console output, like VeRL's.
        PrintStream out = System.out;
        PrintStream err = System.err;
        if (args.length == 3 && args[0].equals("-I") && args[1].equals("-c") && args[2].contains("verl.trainer.main_ppo")) {
            System.exit(0); // the availability check: isolated, looking for the module the launcher runs
        }
        if (args.length < 2 || !args[0].equals("-m") || !args[1].equals("verl.trainer.main_ppo")) {
            err.println("fake verl: unexpected arguments " + List.of(args));
            System.exit(2);
        }
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            o.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Files.write(Path.of("fake-verl-args.txt"), List.of(args).subList(2, args.length));
        String problem = check(o);
        if (problem != null) {
            err.println("fake verl: " + problem);
            System.exit(2);
        }
        switch (o.getOrDefault("+fake.mode", "ok")) {
            case "fail":
                err.println("Traceback (most recent call last):");
                err.println("  File \"verl/trainer/main_ppo.py\", line 64, in main");
                err.println("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB");
                System.exit(1);
                break;
            case "hang":
                Process child = new ProcessBuilder("sleep", "600").start();
                Files.writeString(Path.of("fake-verl-child.pid"), Long.toString(child.pid()));
                out.println("(TaskRunner pid=" + ProcessHandle.current().pid() + ") step:1 - actor/pg_loss:np.float64(0.5)");
                new CountDownLatch(1).await();
                break;
            default:
                int steps = 2 * Integer.parseInt(o.get("trainer.total_epochs"));
                out.println("Using LocalLogger is deprecated. The constructor API will change");
                for (int s = 1; s <= steps; s++) {
                    String val = s == steps ? " - val-core/orbiter/arithmetic/reward/mean@1:0.9" : "";
                    out.println("(TaskRunner pid=" + ProcessHandle.current().pid() + ") step:" + s
                            + " - actor/pg_loss:np.float64(" + (0.5 / s) + ") - actor/ppo_kl:0.001"
                            + " - critic/score/mean:" + (0.2 + 0.1 * s) + " - training/epoch:" + ((s - 1) / 2)
                            + " - timing_s/step:np.float32(1.5)" + val);
                }
                System.exit(0);
        }
    }

    /** What VeRL would reject: missing data files or columns, an unknown estimator, a bad reward module. */
    static String check(Map<String, String> o) throws IOException {
        String estimator = o.get("algorithm.adv_estimator");
        if (!"grpo".equals(estimator) && !"gae".equals(estimator)) {
            return "algorithm.adv_estimator must be grpo or gae, got " + estimator;
        }
        for (String key : List.of("data.train_files", "data.val_files")) {
            Path file = Path.of(o.getOrDefault(key, "missing"));
            if (!Files.isRegularFile(file)) {
                return key + " does not exist: " + file;
            }
            List<GenericRecord> rows = ParquetFiles.read(file);
            if (rows.isEmpty() || rows.get(0).getSchema().getField("reward_model") == null
                    || rows.get(0).getSchema().getField("prompt") == null) {
                return key + " is not a VeRL RL dataset";
            }
        }
        String reward = o.get("custom_reward_function.path");
        if (reward != null && !Files.readString(Path.of(reward)).contains("def compute_score(")) {
            return "custom_reward_function.path has no compute_score";
        }
        return null;
    }
}
