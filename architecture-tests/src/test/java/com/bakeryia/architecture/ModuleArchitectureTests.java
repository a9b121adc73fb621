package com.bakeryia.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * The module structure of the fleet, checked on the compiled main classes of every module of the
 * root pom (read from {@code <module>/target/classes}, so a module added to the reactor is checked
 * without an edit here):
 *
 * <ul>
 *   <li>no module has a cycle between its packages;
 *   <li>each module depends, among the fleet's own classes, only on the modules it may: the wire
 *       contract ({@code deletion-api}) on nothing, the platform ({@code fleet-platform}) on
 *       nothing, {@code deletion-core} on those two, a service that holds tenant data (the domain
 *       services of {@code fleet.yaml} and tenant-service) on deletion-core and the platform, the
 *       orchestrator on the platform and the wire contract only (it carries no deletion engine).
 * </ul>
 *
 * Test code and tools (testkit, e2e, deployment checks) may use any module and are only checked for
 * cycles.
 */
class ModuleArchitectureTests {

    private static final String FLEET = "com.bakeryia..";
    private static final String WIRE_CONTRACT = "com.bakeryia.deletion.api..";
    private static final String PLATFORM = "com.bakeryia.fleet..";
    private static final String DELETION = "com.bakeryia.deletion..";

    private static final Path ROOT = repositoryRoot();

    @TestFactory
    Stream<DynamicTest> everyModuleIsFreeOfPackageCycles() {
        return modulesWithMainCode().stream()
                .map(module -> DynamicTest.dynamicTest(
                        module,
                        () -> slices().matching("com.bakeryia.(**)")
                                .should()
                                .beFreeOfCycles()
                                .because(module + "'s packages must form a hierarchy a reader can follow")
                                .check(mainClasses(module))));
    }

    @Test
    void theWireContractDependsOnNoOtherModule() {
        classes()
                .should()
                .onlyDependOnClassesThat(outsideTheFleetOr(WIRE_CONTRACT))
                .because("deletion-api is the wire contract that both sides compile against")
                .check(mainClasses("deletion-api"));
    }

    @Test
    void thePlatformDependsOnNoOtherModule() {
        classes()
                .should()
                .onlyDependOnClassesThat(outsideTheFleetOr(PLATFORM))
                .because("fleet-platform serves every service, deletion or not")
                .check(mainClasses("fleet-platform"));
    }

    @Test
    void deletionCoreDependsOnlyOnThePlatformAndTheWireContract() {
        classes()
                .should()
                .onlyDependOnClassesThat(outsideTheFleetOr(DELETION, PLATFORM))
                .because("deletion-core is a library every tenant-data service embeds")
                .check(mainClasses("deletion-core"));
    }

    @TestFactory
    Stream<DynamicTest> servicesWithTenantDataDependOnlyOnDeletionCoreAndThePlatform() {
        return roster().stream()
                .filter(service -> "domain".equals(service.get("kind")) || "tenant".equals(service.get("kind")))
                .map(service -> (String) service.get("name"))
                .map(module -> DynamicTest.dynamicTest(module, () -> {
                    JavaClasses own = mainClasses(module);
                    classes()
                            .should()
                            .onlyDependOnClassesThat(
                                    outsideTheFleetOr(DELETION, PLATFORM).or(within(own)))
                            .because("a service shares only deletion-core and the platform with the others")
                            .check(own);
                }));
    }

    @Test
    void theOrchestratorDependsOnlyOnThePlatformAndTheWireContract() {
        JavaClasses own = mainClasses("orchestrator-service");
        classes()
                .should()
                .onlyDependOnClassesThat(
                        outsideTheFleetOr(WIRE_CONTRACT, PLATFORM).or(within(own)))
                .because("the orchestrator calls the deletion endpoints; it does not embed the engine")
                .check(own);
    }

    @Test
    void everyServiceOfTheRosterIsAModuleOfTheBuild() {
        List<String> modules = modules();
        assertThat(roster())
                .extracting(service -> (String) service.get("name"))
                .allSatisfy(name -> assertThat(modules)
                        .as("fleet.yaml names %s; the root pom.xml must list it as a module", name)
                        .contains(name));
    }

    private static DescribedPredicate<JavaClass> outsideTheFleetOr(String... packages) {
        return JavaClass.Predicates.resideOutsideOfPackage(FLEET).or(JavaClass.Predicates.resideInAnyPackage(packages));
    }

    private static DescribedPredicate<JavaClass> within(JavaClasses module) {
        Set<String> names = module.stream().map(JavaClass::getName).collect(Collectors.toSet());
        return DescribedPredicate.describe(
                "in the module itself",
                type -> names.contains(type.getBaseComponentType().getName()));
    }

    private static JavaClasses mainClasses(String module) {
        Path classes = ROOT.resolve(module).resolve("target/classes");
        assertThat(classes)
                .as("%s is not compiled: build the reactor (./mvnw verify) so that this module runs after it", module)
                .isDirectory();
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(classes);
    }

    private static List<String> modulesWithMainCode() {
        return modules().stream()
                .filter(module -> Files.isDirectory(ROOT.resolve(module).resolve("src/main/java")))
                .toList();
    }

    private static List<String> modules() {
        try {
            Matcher modules =
                    Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
            return modules.results().map(match -> match.group(1).trim()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the root pom.xml", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> roster() {
        try (InputStream roster = Files.newInputStream(ROOT.resolve("fleet.yaml"))) {
            Map<String, Object> document = new Yaml().load(roster);
            return (List<Map<String, Object>>) document.get("services");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read fleet.yaml", e);
        }
    }

    private static Path repositoryRoot() {
        String configured = System.getProperty("repo.root");
        Path directory = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent();
        return directory.toAbsolutePath().normalize();
    }
}
