package dev.orbiter.train.synthesis;

import dev.orbiter.train.internal.Ids;
import dev.orbiter.train.trajectory.TrajectoryItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Template synthesis in two forms. The reference form applies item transforms to randomly
 * picked source items (default: swap input and output). The guide's form fills {@code {name}}
 * placeholders of text templates from variable lists ({@code {{}} and {@code }}} are literal
 * braces) to generate new prompts.
 */
public final class TemplateSynthesiser implements DataSynthesiser {

    private final List<UnaryOperator<TrajectoryItem>> transforms;
    private final List<Template> templates;
    private final Map<String, List<String>> variables;

    /** The reference form with the default transform: swap input and output. */
    public TemplateSynthesiser() {
        this(List.of());
    }

    /** The reference form with these transforms (an empty list means the default). */
    public TemplateSynthesiser(List<UnaryOperator<TrajectoryItem>> transforms) {
        this.transforms = transforms == null || transforms.isEmpty()
                ? List.of(TemplateSynthesiser::swapInputOutput) : List.copyOf(transforms);
        this.templates = List.of();
        this.variables = Map.of();
    }

    private TemplateSynthesiser(List<Template> templates, Map<String, List<String>> variables) {
        this.transforms = List.of();
        this.templates = templates;
        this.variables = variables;
    }

    /**
     * The guide's form: templates with {@code {variable}} placeholders and the values of each variable.
     *
     * @throws IllegalArgumentException if a template names a variable that does not exist or has no values
     */
    public static TemplateSynthesiser ofTemplates(List<String> templates, Map<String, List<String>> variables) {
        if (templates == null || templates.isEmpty()) {
            throw new IllegalArgumentException("templates must not be empty");
        }
        Map<String, List<String>> vars = new LinkedHashMap<>();
        if (variables != null) {
            variables.forEach((k, v) -> vars.put(k, List.copyOf(v)));
        }
        List<Template> parsed = new ArrayList<>();
        for (String text : templates) {
            Template t = Template.parse(text);
            for (String name : t.variableNames()) {
                if (!vars.containsKey(name)) {
                    throw new IllegalArgumentException("template '" + text + "' uses variable '" + name
                            + "' that does not exist; known variables: " + vars.keySet());
                }
                if (vars.get(name).isEmpty()) {
                    throw new IllegalArgumentException("variable '" + name + "' has no values");
                }
            }
            parsed.add(t);
        }
        return new TemplateSynthesiser(List.copyOf(parsed), Map.copyOf(vars));
    }

    /** Whether this is the guide's template form. */
    public boolean isTemplateForm() {
        return !templates.isEmpty();
    }

    /** Generates {@code count} prompts from the templates, nondeterministically. */
    public List<TrajectoryItem> generate(int count) {
        return generate(count, null);
    }

    /** Generates {@code count} prompts from the templates with a seed. */
    public List<TrajectoryItem> generate(int count, Long seed) {
        if (!isTemplateForm()) {
            throw new IllegalStateException("generate needs templates: use TemplateSynthesiser.ofTemplates");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        Random rng = Synthesis.random(seed);
        List<TrajectoryItem> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Template t = templates.get(rng.nextInt(templates.size()));
            Map<String, String> chosen = new LinkedHashMap<>();
            for (String name : t.variableNames()) {
                List<String> values = variables.get(name);
                chosen.put(name, values.get(rng.nextInt(values.size())));
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("template", t.text());
            metadata.put("variables", chosen);
            out.add(TrajectoryItem.builder().input(t.fill(chosen)).metadata(metadata).build());
        }
        return out;
    }

    /**
     * Template form: {@code numSamples} generated prompts. Transform form: until
     * {@code numSamples} items exist, a random transform of a random source item (empty source: empty).
     */
    @Override
    public List<TrajectoryItem> synthesise(List<TrajectoryItem> source, SynthesisConfig config) {
        if (isTemplateForm()) {
            return generate(config.numSamples(), config.seed());
        }
        if (source.isEmpty()) {
            return List.of();
        }
        Random rng = Synthesis.random(config.seed());
        List<TrajectoryItem> out = new ArrayList<>(config.numSamples());
        while (out.size() < config.numSamples()) {
            UnaryOperator<TrajectoryItem> transform = transforms.get(rng.nextInt(transforms.size()));
            out.add(transform.apply(source.get(rng.nextInt(source.size()))));
        }
        return out;
    }

    private static TrajectoryItem swapInputOutput(TrajectoryItem item) {
        return item.toBuilder().id(Ids.newId()).input(item.output()).output(item.input()).build();
    }

    /** A parsed template: literal text and placeholders. */
    private record Template(String text, List<String> parts, List<Boolean> isVariable) {

        static Template parse(String text) {
            List<String> parts = new ArrayList<>();
            List<Boolean> kinds = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if ((c == '{' || c == '}') && i + 1 < text.length() && text.charAt(i + 1) == c) {
                    literal.append(c);
                    i++;
                } else if (c == '{') {
                    int end = text.indexOf('}', i);
                    if (end < 0) {
                        throw new IllegalArgumentException("unclosed '{' in template '" + text + "'");
                    }
                    String name = text.substring(i + 1, end).trim();
                    if (name.isEmpty()) {
                        throw new IllegalArgumentException("empty placeholder '{}' in template '" + text + "'");
                    }
                    parts.add(literal.toString());
                    kinds.add(false);
                    literal.setLength(0);
                    parts.add(name);
                    kinds.add(true);
                    i = end;
                } else if (c == '}') {
                    throw new IllegalArgumentException("single '}' in template '" + text + "'");
                } else {
                    literal.append(c);
                }
            }
            parts.add(literal.toString());
            kinds.add(false);
            return new Template(text, List.copyOf(parts), List.copyOf(kinds));
        }

        List<String> variableNames() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                if (isVariable.get(i) && !names.contains(parts.get(i))) {
                    names.add(parts.get(i));
                }
            }
            return names;
        }

        String fill(Map<String, String> values) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                out.append(isVariable.get(i) ? values.get(parts.get(i)) : parts.get(i));
            }
            return out.toString();
        }
    }
}
