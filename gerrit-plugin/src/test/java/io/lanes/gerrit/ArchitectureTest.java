package io.lanes.gerrit;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The plugin's areas ({@code config}, {@code validation}, {@code submit}, {@code query}, {@code results}, {@code
 * restapi}, {@code ui}) import each other without a loop, checked on the compiled classes (every reference, not only
 * imports). The root package ({@code LanesModule}) installs every area's module and is not an area.
 */
@DisplayName("the plugin's packages have no loop (ArchUnit, on the compiled classes)")
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.lanes.gerrit");

  @Test
  @DisplayName("no package loop among io.lanes.gerrit's packages")
  void noPackageLoops() {
    slices().matching("io.lanes.gerrit.(*)..").should().beFreeOfCycles().check(CLASSES);
  }
}
