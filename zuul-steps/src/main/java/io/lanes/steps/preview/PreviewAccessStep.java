package io.lanes.steps.preview;

import io.lanes.steps.ExitCodes;
import io.lanes.steps.StepContext;
import io.lanes.steps.StepException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code zuul-steps preview access}: prints the objects that give a platform's preview ServiceAccount its rights (and
 * no others) for a cluster administrator to apply once; see {@link PreviewAccess}.
 */
@Command(
    name = "access",
    description = {
      "Print the ServiceAccount, roles and admission policy of the platform's previews, for a cluster administrator"
          + " to apply once (kubectl apply -f -).",
      "The account may create, change and delete only namespaces named by the platform's preview pattern and labelled"
          + " lanes.io/preview-of=<platform>, and write only inside them."
    })
public final class PreviewAccessStep implements Callable<Integer> {
  private final StepContext context;

  @Mixin PreviewTarget preview;

  @Option(names = "--service-account", paramLabel = "NAMESPACE/NAME", required = true,
      description = "The previews' ServiceAccount, e.g. lanes-system/lanes-preview-acme.")
  String account;

  PreviewAccessStep(StepContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    String[] parts = account.split("/", -1);
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw StepException.configuration("--service-account " + account + ": expected NAMESPACE/NAME");
    }
    PreviewTarget.Selected selected = preview.select();
    if (selected.settings().change(selected.selection().platform(), parts[0]).isPresent()
        || parts[0].equals(selected.selection().platform().namespace())) {
      throw StepException.configuration(
          "--service-account " + account + ": its namespace must be neither the platform's nor a preview's");
    }
    context.out().print(PreviewAccess.yaml(selected.selection().platform(), selected.settings(), parts[0], parts[1]));
    context.out().flush();
    return ExitCodes.OK;
  }
}
