// The plugin's Checks provider for Gerrit's web UI (the Checks tab of a change): for each patch set, one run per Lanes
// stage, from the plugin's own REST API: "Lanes target" (platform, namespace, cluster, registry, image tag, the
// Lanes-Deploy gate), "Lanes policy" (each violation with its file and line), and one run per stage the Zuul jobs
// reported for the patch set (render, images, preview, deploy, backup: lanes~results). Typed against
// @gerritcodereview/typescript-api 3.13.0 with type-only references, so the compiled file is a plain script without
// imports that Gerrit loads as static/lanes-checks.js (bound in the plugin's UiModule).

type PluginApi = import('@gerritcodereview/typescript-api/plugin').PluginApi;
type Gerrit = import('@gerritcodereview/typescript-api/gerrit').Gerrit;
type ChangeData = import('@gerritcodereview/typescript-api/checks').ChangeData;
type CheckRun = import('@gerritcodereview/typescript-api/checks').CheckRun;
type CheckResult = import('@gerritcodereview/typescript-api/checks').CheckResult;
type FetchResponse = import('@gerritcodereview/typescript-api/checks').FetchResponse;
type RunStatus = import('@gerritcodereview/typescript-api/checks').RunStatus;
type Category = import('@gerritcodereview/typescript-api/checks').Category;
type ResponseCode = import('@gerritcodereview/typescript-api/checks').ResponseCode;

/** GET /changes/{change}/revisions/{revision}/lanes~target (rest-api.md). */
interface TargetInfo {
  platform: string;
  branch: string;
  namespace: string;
  cluster: string;
  registry: string;
  image_prefix: string;
  image_tag: string;
  frozen?: boolean;
  frozen_until?: string;
  gate: {name: string; satisfied: boolean; reasons?: string[]; overridden_by?: string};
}

/** One problem of GET .../lanes~policy. */
interface ProblemInfo {
  file?: string;
  line?: number;
  message: string;
  text: string;
}

/** GET /changes/{change}/revisions/{revision}/lanes~policy (rest-api.md). */
interface PolicyInfo {
  platform: string;
  passed?: boolean;
  summary?: string;
  errors?: ProblemInfo[];
  warnings?: ProblemInfo[];
}

/** One stage of GET /changes/{change}/revisions/{revision}/lanes~results, as a Zuul job reported it. */
interface StageResultInfo {
  stage: string;
  status: 'RUNNING' | 'PASSED' | 'FAILED';
  summary: string;
  url?: string;
  items?: string[];
  release?: number;
  reported_by: string;
  reported_at: string;
}

type LinkIcon = import('@gerritcodereview/typescript-api/checks').LinkIcon;

const COMPLETED = 'COMPLETED' as RunStatus;
const RUNNING = 'RUNNING' as RunStatus;
const EXTERNAL = 'external' as LinkIcon;
const OK = 'OK' as ResponseCode;
const ERROR = 'ERROR' as ResponseCode;
const SUCCESS = 'SUCCESS' as Category;
const INFO = 'INFO' as Category;
const WARNING = 'WARNING' as Category;
const ERROR_CATEGORY = 'ERROR' as Category;

/** Whether a REST answer is Gerrit's "not found" (the change is not on a platform's branch). */
function notFound(error: unknown): boolean {
  return /\b404\b|[Nn]ot [Ff]ound|not a platform's branch/.test(String(error));
}

function revisionPath(change: ChangeData): string {
  return `/changes/${encodeURIComponent(change.repo)}~${change.changeNumber}/revisions/${change.patchsetNumber}`;
}

function targetRun(change: ChangeData, target: TargetInfo): CheckRun {
  const results: CheckResult[] = [
    {
      category: INFO,
      summary: `deploys to ${target.namespace} on ${target.cluster} (platform ${target.platform})`,
      message: `images ${target.image_prefix}/*:${target.image_tag} from registry ${target.registry}`,
      tags: [{name: target.platform}, {name: target.namespace}],
    },
  ];
  if (target.gate.satisfied) {
    results.push({
      category: SUCCESS,
      summary: target.gate.overridden_by
        ? `${target.gate.name}: freeze lifted by ${target.gate.overridden_by}`
        : `${target.gate.name}: every rule passes`,
    });
  } else {
    for (const reason of target.gate.reasons || []) {
      results.push({category: WARNING, summary: `${target.gate.name}: ${reason}`});
    }
  }
  return {
    patchset: change.patchsetNumber,
    checkName: 'Lanes target',
    checkDescription: 'Where this patch set deploys, and the Lanes-Deploy gate now',
    status: COMPLETED,
    results,
  };
}

function problemResult(problem: ProblemInfo, category: Category): CheckResult {
  const result: CheckResult = {category, summary: problem.message, message: problem.text};
  if (problem.file && problem.line) {
    result.codePointers = [
      {path: problem.file, range: {start_line: problem.line, start_character: 0, end_line: problem.line, end_character: 0}},
    ];
    result.summary = `${problem.file}:${problem.line}: ${problem.message}`;
  }
  return result;
}

function policyRun(change: ChangeData, policy: PolicyInfo): CheckRun {
  const results: CheckResult[] = [];
  (policy.errors || []).forEach(problem => results.push(problemResult(problem, ERROR_CATEGORY)));
  (policy.warnings || []).forEach(problem => results.push(problemResult(problem, WARNING)));
  if (!results.length) {
    results.push({category: SUCCESS, summary: `lane policy: no violation on platform ${policy.platform}`});
  }
  return {
    patchset: change.patchsetNumber,
    checkName: 'Lanes policy',
    checkDescription: 'The lane policy on what this patch set would land, against the map as it is now',
    status: COMPLETED,
    statusDescription: policy.summary,
    results,
  };
}

const STAGE_NAMES: {[stage: string]: string} = {
  render: 'Lanes render',
  images: 'Lanes images',
  preview: 'Lanes preview',
  deploy: 'Lanes deploy',
  backup: 'Lanes backup',
};

function stageRun(change: ChangeData, result: StageResultInfo): CheckRun {
  const category = result.status === 'PASSED' ? SUCCESS : result.status === 'FAILED' ? ERROR_CATEGORY : INFO;
  const checkResult: CheckResult = {
    category,
    summary: result.summary,
    message: (result.items || []).join('\n') || undefined,
  };
  if (result.url) {
    const tooltip = result.stage === 'preview' ? 'Open the preview platform' : 'Open what the job reported';
    checkResult.links = [{url: result.url, primary: true, icon: EXTERNAL, tooltip}];
  }
  return {
    patchset: change.patchsetNumber,
    checkName: STAGE_NAMES[result.stage] || 'Lanes ' + result.stage,
    checkDescription: `Reported by ${result.reported_by} at ${result.reported_at}`,
    status: result.status === 'RUNNING' ? RUNNING : COMPLETED,
    results: [checkResult],
  };
}

/** The provider: the target and policy runs from the plugin's REST API, and a run per stage a job reported. */
function provider(plugin: PluginApi) {
  return {
    async fetch(change: ChangeData): Promise<FetchResponse> {
      const path = revisionPath(change);
      try {
        const target = await plugin.restApi().get<TargetInfo>(`${path}/lanes~target`);
        const policy = await plugin.restApi().get<PolicyInfo>(`${path}/lanes~policy`);
        const stages = await plugin.restApi().get<{[stage: string]: StageResultInfo}>(`${path}/lanes~results`);
        const runs = [targetRun(change, target), policyRun(change, policy)];
        Object.values(stages).forEach(result => runs.push(stageRun(change, result)));
        return {responseCode: OK, runs};
      } catch (error) {
        if (notFound(error)) {
          return {responseCode: OK, runs: []};
        }
        return {responseCode: ERROR, errorMessage: `Lanes: ${String(error)}`};
      }
    },
  };
}

(window as unknown as {Gerrit: Gerrit}).Gerrit.install(plugin => {
  plugin.checks().register(provider(plugin), {fetchPollingIntervalSeconds: 60});
});
