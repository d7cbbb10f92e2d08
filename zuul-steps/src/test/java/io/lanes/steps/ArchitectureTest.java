package io.lanes.steps;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The house of zuul-steps as docs/architecture.md draws it, checked on the compiled classes (every reference, not
 * only imports): no loop among all its packages, the root package (the shared vocabulary) included, and every
 * package only uses the floors below it.
 */
@DisplayName("zuul-steps' packages: no loop, and each uses only the floors below it (ArchUnit, on the compiled classes)")
class ArchitectureTest {
  private static final String ROOT = "io.lanes.steps";

  private static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);

  /** Every package of the tree its own slice, the root package too (a name pattern would leave it out). */
  private static final SliceAssignment EVERY_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getPackageName();
          return name.equals(ROOT) || name.startsWith(ROOT + ".") ? SliceIdentifier.of(name) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
          return "every package of " + ROOT;
        }
      };

  /** The rooms: the root package, and each package right below it with all its subpackages. */
  private static final SliceAssignment ROOMS =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getPackageName();
          if (name.equals(ROOT)) {
            return SliceIdentifier.of("(root)");
          }
          if (!name.startsWith(ROOT + ".")) {
            return SliceIdentifier.ignore();
          }
          String rest = name.substring(ROOT.length() + 1);
          int dot = rest.indexOf('.');
          return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
        }

        @Override
        public String getDescription() {
          return "the rooms of " + ROOT;
        }
      };

  @Test
  @DisplayName("no loop among all of io.lanes.steps' packages, the root package included")
  void noPackageLoops() {
    slices().assignedFrom(EVERY_PACKAGE).should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  @DisplayName("no loop among io.lanes.steps' rooms (a package with its subpackages), the root package included")
  void noRoomLoops() {
    slices().assignedFrom(ROOMS).should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  @DisplayName("the root package (the steps' shared vocabulary) uses no package below it")
  void rootUsesNothingBelow() {
    noClasses().that().resideInAPackage(ROOT).should().dependOnClassesThat().resideInAPackage(ROOT + ".*..")
        .check(CLASSES);
  }

  /** Which packages a package must not use: the floors above it, and its siblings that are not its business. */
  static Stream<Arguments> floors() {
    String[] clients = {"kube..", "objectstore..", "openstack..", "zuul..", "tutor..", "config.."};
    String[] engines = {"render..", "deploy..", "backup..", "status..", "image..", "registry..", "registryconfig..",
        "cluster..", "resolve..", "zuulconfig..", "preview..", "takeover..", "upgrade.."};
    return Stream.of(
        Arguments.of("cli..", new String[] {}, "nothing uses the CLI's wiring but the CLI"),
        Arguments.of("kube..", concat(engines, "objectstore..", "openstack..", "config.."), "kube: lowest floor"),
        Arguments.of("objectstore..", concat(engines, "kube..", "openstack..", "config.."), "objectstore: lowest floor"),
        Arguments.of("openstack..", concat(engines, "kube..", "objectstore..", "config.."), "openstack: lowest floor"),
        Arguments.of("config..", concat(engines, "kube..", "objectstore..", "openstack.."), "config: lowest floor"),
        Arguments.of("zuul..", concat(engines, clients), "zuul: lowest floor"),
        Arguments.of("tutor..", concat(engines, clients), "tutor: lowest floor"),
        Arguments.of("render..", new String[] {"deploy..", "backup..", "status..", "preview..", "takeover..", "upgrade.."},
            "render knows neither deploy nor backup"),
        Arguments.of("deploy..", new String[] {"backup..", "status..", "preview..", "takeover..", "upgrade.."},
            "deploy does not know backup"),
        Arguments.of("preview..", new String[] {"backup..", "status..", "image..", "registry..", "cluster.."},
            "preview is an adapter over render and deploy: it knows neither backup nor the image steps"),
        Arguments.of("backup..", new String[] {"deploy..", "status..", "takeover..", "upgrade.."}, "backup does not know deploy"),
        Arguments.of("takeover..", new String[] {"upgrade..", "preview..", "status..", "image..", "registry..", "cluster.."},
            "takeover is a step over backup's and deploy's engines, like upgrade"),
        Arguments.of("registry..", new String[] {"openstack..", "registryconfig..", "image.."},
            "the registry client knows nothing of OpenStack"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("floors")
  @DisplayName("each package uses only the floors below it")
  void usesOnlyFloorsBelow(String room, String[] forbidden, String why) {
    if (room.equals("cli..")) {
      noClasses().that().resideOutsideOfPackage(ROOT + ".cli..").should().dependOnClassesThat()
          .resideInAPackage(ROOT + ".cli..").because(why).check(CLASSES);
      return;
    }
    String[] packages = Stream.of(forbidden).filter(p -> !p.equals(room)).map(p -> ROOT + "." + p).toArray(String[]::new);
    noClasses().that().resideInAPackage(ROOT + "." + room).should().dependOnClassesThat().resideInAnyPackage(packages)
        .because(why).check(CLASSES);
  }

  private static String[] concat(String[] first, String... rest) {
    return Stream.concat(Stream.of(first), Stream.of(rest)).toArray(String[]::new);
  }
}
