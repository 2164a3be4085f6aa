package dev.orbiter.train.verl;

import dev.orbiter.train.trainer.TrainerError;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A named, weighted reward: a function, or a public static method found by class and method
 * name (so jobs can name rewards in configuration). Trainers combine specs into one weighted
 * sum; curation can compute a step's score from them. Immutable.
 */
public final class RewardSpec {

    private final RewardFunction fn;
    private final String className;
    private final String methodName;
    private final String name;
    private final double weight;

    private RewardSpec(Builder b) {
        boolean hasNames = b.className != null && b.methodName != null;
        if (b.fn == null && !hasNames) {
            throw new TrainerError("RewardSpec requires either a function or both className and methodName");
        }
        this.fn = b.fn;
        this.className = b.className;
        this.methodName = b.methodName;
        this.weight = b.weight;
        this.name = b.name != null ? b.name : b.fn != null ? defaultName(b.fn) : b.methodName;
    }

    private static String defaultName(RewardFunction fn) {
        Class<?> c = fn.getClass();
        return c.isSynthetic() || c.isAnonymousClass() || c.getSimpleName().contains("$$") ? "reward" : c.getSimpleName();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A spec of a function, weight 1. */
    public static RewardSpec of(RewardFunction fn) {
        return builder().fn(fn).build();
    }

    /** A spec of a public static method taking one {@link TrajectoryItem} and returning a number. */
    public static RewardSpec ofMethod(String className, String methodName) {
        return builder().className(className).methodName(methodName).build();
    }

    public RewardFunction fn() {
        return fn;
    }

    public String className() {
        return className;
    }

    public String methodName() {
        return methodName;
    }

    public String name() {
        return name;
    }

    public double weight() {
        return weight;
    }

    /** The function; or the named method, found by reflection. */
    public RewardFunction resolve() {
        if (fn != null) {
            return fn;
        }
        Class<?> c;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            c = Class.forName(className, true, loader != null ? loader : RewardSpec.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new TrainerError("Cannot find class '" + className + "'", e);
        }
        Method method = Arrays.stream(c.getMethods())
                .filter(m -> m.getName().equals(methodName) && isRewardShape(m))
                .findFirst().orElse(null);
        if (method == null) {
            boolean exists = Arrays.stream(c.getDeclaredMethods()).anyMatch(m -> m.getName().equals(methodName))
                    || Arrays.stream(c.getDeclaredFields()).anyMatch(f -> f.getName().equals(methodName));
            throw new TrainerError(exists ? className + "." + methodName + " is not callable"
                    : "Cannot find '" + methodName + "' in '" + className + "'");
        }
        return item -> invoke(method, item);
    }

    private static boolean isRewardShape(Method m) {
        Class<?> r = m.getReturnType();
        boolean numeric = r == double.class || r == float.class || r == int.class || r == long.class
                || Number.class.isAssignableFrom(r);
        return Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1
                && m.getParameterTypes()[0].isAssignableFrom(TrajectoryItem.class) && numeric;
    }

    private double invoke(Method method, TrajectoryItem item) {
        try {
            Object v = method.invoke(null, item);
            if (v == null) {
                throw new TrainerError(className + "." + methodName + " returned null");
            }
            return ((Number) v).doubleValue();
        } catch (IllegalAccessException e) {
            throw new TrainerError(className + "." + methodName + " is not callable", e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException ? (RuntimeException) cause
                    : new TrainerError(className + "." + methodName + " failed: " + cause, cause);
        }
    }

    /** The weighted sum of the specs' functions (resolved once). */
    public static RewardFunction combine(List<RewardSpec> specs) {
        Objects.requireNonNull(specs, "specs");
        RewardFunction[] fns = new RewardFunction[specs.size()];
        double[] weights = new double[specs.size()];
        for (int i = 0; i < fns.length; i++) {
            fns[i] = specs.get(i).resolve();
            weights[i] = specs.get(i).weight();
        }
        return item -> {
            double total = 0;
            for (int i = 0; i < fns.length; i++) {
                total += weights[i] * fns[i].score(item);
            }
            return total;
        };
    }

    @Override
    public String toString() {
        return "RewardSpec(name=" + name + ", weight=" + weight
                + (fn == null ? ", class=" + className + ", method=" + methodName : "") + ")";
    }

    /** Builds a {@link RewardSpec}: a function, or both class and method names. */
    public static final class Builder {
        private RewardFunction fn;
        private String className;
        private String methodName;
        private String name;
        private double weight = 1.0;

        public Builder fn(RewardFunction fn) {
            this.fn = fn;
            return this;
        }

        public Builder className(String className) {
            this.className = className;
            return this;
        }

        public Builder methodName(String methodName) {
            this.methodName = methodName;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder weight(double weight) {
            if (!Double.isFinite(weight)) {
                throw new IllegalArgumentException("weight must be finite, got " + weight);
            }
            this.weight = weight;
            return this;
        }

        public RewardSpec build() {
            return new RewardSpec(this);
        }
    }
}
