package com.bakeryia.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Kubernetes objects as plain maps: a kustomization rendered by {@code kubectl kustomize} (kustomize is built into
 * kubectl), with helpers for what the checks ask of them: workloads, their containers' environment, label
 * selectors and which pods a NetworkPolicy lets in.
 */
public final class KubernetesManifests {

    private final String source;
    private final List<Map<String, Object>> objects;

    public KubernetesManifests(String source, List<Map<String, Object>> objects) {
        this.source = source;
        this.objects = List.copyOf(objects);
    }

    /** Whether {@code kubectl} (with its built-in kustomize) can run here. */
    public static boolean kubectlAvailable() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client")
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException ex) {
            return false;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kubectl kustomize <directory>}: fails with kustomize's message when the kustomization is wrong. */
    public static KubernetesManifests render(Path kustomization) {
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", kustomization.toString())
                    .redirectErrorStream(false)
                    .start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            byte[] err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + kustomization + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + kustomization + " failed: "
                        + new String(err, StandardCharsets.UTF_8).strip());
            }
            String rendered = new String(out, StandardCharsets.UTF_8);
            return new KubernetesManifests(
                    "kustomize " + kustomization, Yamls.documents(rendered, "kubectl kustomize " + kustomization));
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot run kubectl", ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Every object of the files a kustomization lists under {@code resources}, recursively, without applying
     * patches or generators: the base as written, for when kubectl is missing.
     */
    public static KubernetesManifests resources(Path kustomization) {
        List<Map<String, Object>> objects = new ArrayList<>();
        collect(kustomization, objects);
        return new KubernetesManifests("resources of " + kustomization, objects);
    }

    private static void collect(Path directory, List<Map<String, Object>> objects) {
        Map<String, Object> kustomization = Yamls.document(directory.resolve("kustomization.yaml"));
        for (Object resource : Yamls.listAt(kustomization, "resources")) {
            Path path = directory.resolve(String.valueOf(resource)).normalize();
            if (Files.isDirectory(path)) {
                collect(path, objects);
            } else {
                objects.addAll(Yamls.documents(Yamls.read(path), path.toString()));
            }
        }
    }

    public String source() {
        return source;
    }

    public List<Map<String, Object>> objects() {
        return objects;
    }

    public List<Map<String, Object>> ofKind(String kind) {
        return objects.stream()
                .filter(object -> kind.equals(object.get("kind")))
                .toList();
    }

    public Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(object -> name.equals(name(object))).findFirst();
    }

    public static String name(Map<String, Object> object) {
        return Objects.requireNonNullElse(Yamls.stringAt(object, "metadata", "name"), "");
    }

    public static Map<String, String> labels(@Nullable Object metadataOwner) {
        Map<String, String> labels = new LinkedHashMap<>();
        Yamls.mapAt(metadataOwner, "metadata", "labels")
                .forEach((key, value) -> labels.put(key, String.valueOf(value)));
        return labels;
    }

    /** The pod template's labels of a Deployment. */
    public static Map<String, String> podLabels(Map<String, Object> deployment) {
        return labels(Yamls.at(deployment, "spec", "template"));
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return Yamls.listAt(deployment, "spec", "template", "spec", "containers").stream()
                .map(container -> (Map<String, Object>) container)
                .toList();
    }

    /** Whether a label selector ({@code matchLabels}, {@code matchExpressions} or a plain map) selects labels. */
    public static boolean selects(@Nullable Object selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, Object> spec = Yamls.asMap(selector, "selector");
        boolean structured = spec.containsKey("matchLabels") || spec.containsKey("matchExpressions");
        Map<String, Object> matchLabels = structured ? Yamls.mapAt(spec, "matchLabels") : spec;
        for (Map.Entry<String, Object> entry : matchLabels.entrySet()) {
            if (!String.valueOf(entry.getValue()).equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        for (Object expression : Yamls.listAt(spec, "matchExpressions")) {
            String key = Yamls.stringAt(expression, "key");
            String operator = Yamls.stringAt(expression, "operator");
            List<String> values = Yamls.listAt(expression, "values").stream()
                    .map(String::valueOf)
                    .toList();
            boolean present = labels.containsKey(key);
            boolean matches = switch (String.valueOf(operator)) {
                case "In" -> present && values.contains(labels.get(key));
                case "NotIn" -> !present || !values.contains(labels.get(key));
                case "Exists" -> present;
                case "DoesNotExist" -> !present;
                default -> throw new IllegalArgumentException("Unknown selector operator " + operator);
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }

    /**
     * The environment variable names a container gets, with where each comes from: {@code value:<v>},
     * {@code configMap:<name>/<key>}, {@code secret:<name>/<key>}, or {@code secret:<name>/*} for a whole Secret
     * that is not among the objects.
     */
    public Map<String, String> environment(Map<String, Object> container) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Object from : Yamls.listAt(container, "envFrom")) {
            String prefix = Objects.requireNonNullElse(Yamls.stringAt(from, "prefix"), "");
            String configMap = Yamls.stringAt(from, "configMapRef", "name");
            String secret = Yamls.stringAt(from, "secretRef", "name");
            if (configMap != null) {
                Map<String, Object> data = find("ConfigMap", configMap)
                        .map(object -> Yamls.mapAt(object, "data"))
                        .orElseThrow(() -> new IllegalStateException("envFrom ConfigMap " + configMap + " of container "
                                + container.get("name") + " is not among the objects of " + source));
                data.keySet().forEach(key -> variables.put(prefix + key, "configMap:" + configMap + "/" + key));
            }
            if (secret != null) {
                Optional<Map<String, Object>> object = find("Secret", secret);
                if (object.isPresent()) {
                    Set<String> keys =
                            new TreeSet<>(Yamls.mapAt(object.get(), "data").keySet());
                    keys.addAll(Yamls.mapAt(object.get(), "stringData").keySet());
                    keys.forEach(key -> variables.put(prefix + key, "secret:" + secret + "/" + key));
                } else {
                    variables.put("*" + secret, "secret:" + secret + "/*");
                }
            }
        }
        for (Object env : Yamls.listAt(container, "env")) {
            String name = Yamls.stringAt(env, "name");
            String configMap = Yamls.stringAt(env, "valueFrom", "configMapKeyRef", "name");
            String secret = Yamls.stringAt(env, "valueFrom", "secretKeyRef", "name");
            if (configMap != null) {
                variables.put(
                        name,
                        "configMap:" + configMap + "/" + Yamls.stringAt(env, "valueFrom", "configMapKeyRef", "key"));
            } else if (secret != null) {
                variables.put(name, "secret:" + secret + "/" + Yamls.stringAt(env, "valueFrom", "secretKeyRef", "key"));
            } else if (Yamls.at(env, "valueFrom") != null) {
                variables.put(name, "field:" + Yamls.at(env, "valueFrom"));
            } else {
                variables.put(name, "value:" + Objects.requireNonNullElse(Yamls.stringAt(env, "value"), ""));
            }
        }
        return variables;
    }

    /** A variable's value when it is a literal or a ConfigMap key among the objects, else null. */
    public @Nullable String value(Map<String, Object> container, String variable) {
        String origin = environment(container).get(variable);
        if (origin == null) {
            return null;
        }
        if (origin.startsWith("value:")) {
            return origin.substring("value:".length());
        }
        if (origin.startsWith("configMap:")) {
            String[] reference = origin.substring("configMap:".length()).split("/", 2);
            return find("ConfigMap", reference[0])
                    .map(object -> Yamls.stringAt(object, "data", reference[1]))
                    .orElse(null);
        }
        return null;
    }

    /** A container port's number by name (or the number itself). */
    public static Optional<Integer> containerPort(Map<String, Object> container, Object port) {
        if (port instanceof Integer number) {
            return Optional.of(number);
        }
        return Yamls.listAt(container, "ports").stream()
                .filter(entry -> String.valueOf(port).equals(Yamls.stringAt(entry, "name")))
                .map(entry -> Integer.parseInt(Objects.requireNonNull(Yamls.stringAt(entry, "containerPort"))))
                .findFirst();
    }

    /** The Deployment whose pods a Service or PodDisruptionBudget selects. */
    public List<Map<String, Object>> deploymentsSelectedBy(@Nullable Object selector) {
        return ofKind("Deployment").stream()
                .filter(deployment -> selects(selector, podLabels(deployment)))
                .toList();
    }

    /**
     * Who the NetworkPolicies let reach a Deployment's pods on a container port: the names of Deployments of the
     * same namespace, {@code namespace:<selector>} for pods of other namespaces, {@code ipBlock:<cidr>}, or
     * {@code anyone}. Empty when no policy selects the pods for ingress: then nothing isolates them and the
     * answer is {@code anyone}.
     */
    public Set<String> allowedSources(Map<String, Object> deployment, String portName, int portNumber) {
        Map<String, String> labels = podLabels(deployment);
        List<Map<String, Object>> policies = ofKind("NetworkPolicy").stream()
                .filter(policy -> selects(Yamls.at(policy, "spec", "podSelector"), labels)
                        || Yamls.mapAt(policy, "spec", "podSelector").isEmpty())
                .filter(policy -> policyTypes(policy).contains("Ingress"))
                .toList();
        Set<String> sources = new LinkedHashSet<>();
        if (policies.isEmpty()) {
            sources.add("anyone");
            return sources;
        }
        for (Map<String, Object> policy : policies) {
            for (Object rule : Yamls.listAt(policy, "spec", "ingress")) {
                List<Object> ports = Yamls.listAt(rule, "ports");
                boolean portMatches = ports.isEmpty()
                        || ports.stream().anyMatch(port -> {
                            String value = Yamls.stringAt(port, "port");
                            return value == null || value.equals(portName) || value.equals(String.valueOf(portNumber));
                        });
                if (!portMatches) {
                    continue;
                }
                List<Object> from = Yamls.listAt(rule, "from");
                if (from.isEmpty()) {
                    sources.add("anyone");
                }
                for (Object peer : from) {
                    Object namespaces = Yamls.at(peer, "namespaceSelector");
                    Object pods = Yamls.at(peer, "podSelector");
                    Object ipBlock = Yamls.at(peer, "ipBlock");
                    if (ipBlock != null) {
                        sources.add("ipBlock:" + Yamls.stringAt(ipBlock, "cidr"));
                    } else if (namespaces != null) {
                        sources.add("namespace:" + namespaces + (pods == null ? "" : " pods:" + pods));
                    } else if (pods != null) {
                        if (Yamls.mapAt(peer, "podSelector").isEmpty()) {
                            ofKind("Deployment").forEach(other -> sources.add(name(other)));
                        }
                        deploymentsSelectedBy(pods).forEach(other -> sources.add(name(other)));
                    }
                }
            }
        }
        return sources;
    }

    private static List<String> policyTypes(Map<String, Object> policy) {
        List<Object> types = Yamls.listAt(policy, "spec", "policyTypes");
        if (types.isEmpty()) {
            List<String> implied = new ArrayList<>(List.of("Ingress"));
            if (Yamls.at(policy, "spec", "egress") != null) {
                implied.add("Egress");
            }
            return implied;
        }
        return types.stream().map(String::valueOf).toList();
    }

    /** The names of every ConfigMap, Secret and PVC the Deployments refer to, by kind. */
    public Map<String, Set<String>> references() {
        Map<String, Set<String>> references = new LinkedHashMap<>();
        references.put("ConfigMap", new TreeSet<>());
        references.put("Secret", new TreeSet<>());
        references.put("PersistentVolumeClaim", new TreeSet<>());
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            for (Object volume : Yamls.listAt(deployment, "spec", "template", "spec", "volumes")) {
                add(references, "ConfigMap", Yamls.stringAt(volume, "configMap", "name"));
                add(references, "Secret", Yamls.stringAt(volume, "secret", "secretName"));
                add(references, "PersistentVolumeClaim", Yamls.stringAt(volume, "persistentVolumeClaim", "claimName"));
            }
            for (Map<String, Object> container : containers(deployment)) {
                for (Object from : Yamls.listAt(container, "envFrom")) {
                    add(references, "ConfigMap", Yamls.stringAt(from, "configMapRef", "name"));
                    add(references, "Secret", Yamls.stringAt(from, "secretRef", "name"));
                }
                for (Object env : Yamls.listAt(container, "env")) {
                    add(references, "ConfigMap", Yamls.stringAt(env, "valueFrom", "configMapKeyRef", "name"));
                    add(references, "Secret", Yamls.stringAt(env, "valueFrom", "secretKeyRef", "name"));
                }
            }
        }
        return references;
    }

    private static void add(Map<String, Set<String>> references, String kind, @Nullable String name) {
        if (name != null) {
            references.get(kind).add(name);
        }
    }
}
