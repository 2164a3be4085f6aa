package dev.orbiter.train.verl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders a {@link VeRLConfig} as the hydra overrides of VeRL's {@code main_ppo} entry point. */
final class HydraOverrides {

    private HydraOverrides() {
    }

    static List<String> of(VeRLConfig c) {
        List<String> o = new ArrayList<>();
        boolean grpo = c.algorithm() == VeRLAlgorithm.GRPO;
        o.add("algorithm.adv_estimator=" + (grpo ? "grpo" : "gae"));
        o.add("algorithm.gamma=" + c.gamma());
        o.add("algorithm.lam=" + c.lam());
        o.add("data.train_batch_size=" + c.batchSize());
        o.add("data.max_prompt_length=" + c.maxPromptLength());
        o.add("data.max_response_length=" + c.maxResponseLength());
        o.add("actor_rollout_ref.actor.optim.lr=" + c.learningRate());
        o.add("actor_rollout_ref.actor.ppo_epochs=" + c.ppoEpochs());
        o.add("actor_rollout_ref.actor.ppo_mini_batch_size=" + c.batchSize());
        o.add("actor_rollout_ref.actor.clip_ratio=" + c.clipRange());
        o.add("actor_rollout_ref.rollout.n=" + c.rolloutBatchSize());
        if (grpo) {
            // GRPO puts the KL term in the actor loss, not in the reward.
            o.add("actor_rollout_ref.actor.use_kl_loss=True");
            o.add("actor_rollout_ref.actor.kl_loss_coef=" + c.klCoeff());
            o.add("algorithm.use_kl_in_reward=False");
        } else {
            o.add("algorithm.use_kl_in_reward=True");
            o.add("algorithm.kl_ctrl.kl_coef=" + c.klCoeff());
            o.add("critic.optim.lr=" + c.learningRate());
            o.add("critic.ppo_epochs=" + c.ppoEpochs());
        }
        o.add("trainer.total_epochs=" + c.epochs());
        if (!c.modelName().isEmpty()) {
            o.add("actor_rollout_ref.model.path=" + c.modelName());
            if (!grpo) {
                o.add("critic.model.path=" + c.modelName());
            }
        }
        if (!c.tokenizerName().isEmpty()) {
            o.add("data.tokenizer=" + c.tokenizerName());
        }
        if (!c.outputDir().isEmpty()) {
            Path dir = Path.of(c.outputDir());
            o.add("trainer.default_local_dir=" + dir);
            o.add("data.train_files=" + dir.resolve("data").resolve("train.parquet"));
            o.add("data.val_files=" + dir.resolve("data").resolve("val.parquet"));
        }
        // Extra settings whose key looks like a hydra path pass straight through.
        for (Map.Entry<String, Object> e : c.extra().entrySet()) {
            if (e.getKey().contains(".")) {
                o.add(e.getKey() + "=" + e.getValue());
            }
        }
        return o;
    }
}
