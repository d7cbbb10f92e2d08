package io.lanes.steps;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The house of zuul-steps as docs/architecture.md draws it, checked on the compiled classes (every reference, not
 * only imports): the step packages ({@code io.lanes.steps.<room>..}) import each other without a loop. The root
 * package (Main, the shared exit codes and exceptions) is not a room here: it wires every step, and every room uses
 * its vocabulary; untying that is issue 19's next step.
 */
@DisplayName("zuul-steps' packages have no loop (ArchUnit, on the compiled classes)")
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.lanes.steps");

  @Test
  @DisplayName("no package loop among io.lanes.steps' packages")
  void noPackageLoops() {
    slices().matching("io.lanes.steps.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
