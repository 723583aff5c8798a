import type { Collection, Metadata } from "chromadb";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { Procedure, PromptVersion, type PromptStatus, type Role } from "./schemas.js";
import { withChromaErrors } from "./collections.js";

export interface ProcedureMatch {
  procedure: Procedure;
  similarity: number;
  /** The symptom description that matched best. */
  matchedSymptom: string;
}

export interface ServingPrompts {
  active: Partial<Record<Role, PromptVersion>>;
  candidates: Partial<Record<Role, PromptVersion>>;
}

/**
 * How long a process serves the prompt versions it read before reading them again. A change made in this process
 * (any ProceduralMemory on the same collection) is seen at once; one made by another process (`npm run evolve`,
 * another replica) within this many milliseconds.
 */
export const SERVING_PROMPTS_FRESH_MS = 2_000;
/** The last servingPrompts read per prompts collection (by Chroma id), for every instance in this process. */
const servingPromptsCache = new Map<string, { value: ServingPrompts; readAt: number }>();
/** Prompt writes made by this process per collection: a read that overlapped one is not kept. */
const promptWrites = new Map<string, number>();

export class PromptVersionError extends Error {
  override name = "PromptVersionError";
}

/**
 * Procedural memory: how to do things. Role prompts with their versions, and
 * diagnostic procedures found by similarity of a problem to their symptoms.
 */
export class ProceduralMemory {
  constructor(
    private readonly prompts: Collection,
    private readonly procedures: Collection,
    private readonly embeddings: EmbeddingsInterface,
  ) {}

  // ---------- prompts ----------

  /** Every version of a role's prompt, oldest first. */
  async promptVersions(role: Role): Promise<PromptVersion[]> {
    const result = await withChromaErrors("read prompt versions", () =>
      this.prompts.get({ where: { role }, include: ["metadatas"] }),
    );
    return result.metadatas
      .map((metadata) => PromptVersion.parse(JSON.parse(String(metadata?.record))))
      .sort((a, b) => a.version - b.version);
  }

  async promptVersion(role: Role, version: number): Promise<PromptVersion | undefined> {
    const result = await withChromaErrors("read a prompt version", () =>
      this.prompts.get({ ids: [promptId(role, version)], include: ["metadatas"] }),
    );
    const metadata = result.metadatas[0];
    return metadata ? PromptVersion.parse(JSON.parse(String(metadata.record))) : undefined;
  }

  /** The active version of every role that has one, in one read (the graph reads them every turn). */
  async activePrompts(): Promise<Partial<Record<Role, PromptVersion>>> {
    const result = await withChromaErrors("read active prompts", () =>
      this.prompts.get({ where: { status: "active" }, include: ["metadatas"] }),
    );
    const active: Partial<Record<Role, PromptVersion>> = {};
    for (const metadata of result.metadatas) {
      const version = PromptVersion.parse(JSON.parse(String(metadata?.record)));
      if ((active[version.role]?.version ?? 0) < version.version) active[version.role] = version;
    }
    return active;
  }

  /**
   * The active version and the candidate (if any) of every role, in one read:
   * what the graph needs each turn to serve a candidate to its A/B share.
   */
  async servingPrompts(): Promise<ServingPrompts> {
    // Read every turn and changed rarely (an evolution round, a person promoting a version): kept for a moment.
    const key = this.prompts.id;
    const cached = servingPromptsCache.get(key);
    if (cached && Date.now() - cached.readAt < SERVING_PROMPTS_FRESH_MS) return { active: { ...cached.value.active }, candidates: { ...cached.value.candidates } };
    const generation = promptWrites.get(key) ?? 0;
    const value = await this.readServingPrompts();
    // A write in this process while reading may not be in what was read: keep it only if none happened.
    if ((promptWrites.get(key) ?? 0) === generation) servingPromptsCache.set(key, { value, readAt: Date.now() });
    return { active: { ...value.active }, candidates: { ...value.candidates } };
  }

  private async readServingPrompts(): Promise<ServingPrompts> {
    const result = await withChromaErrors("read serving prompts", () =>
      this.prompts.get({ where: { status: { $in: ["active", "candidate"] } }, include: ["metadatas"] }),
    );
    const active: Partial<Record<Role, PromptVersion>> = {};
    const candidates: Partial<Record<Role, PromptVersion>> = {};
    for (const metadata of result.metadatas) {
      const version = PromptVersion.parse(JSON.parse(String(metadata?.record)));
      const slot = version.status === "active" ? active : candidates;
      if ((slot[version.role]?.version ?? 0) < version.version) slot[version.role] = version;
    }
    return { active, candidates };
  }

  async activePrompt(role: Role): Promise<PromptVersion | undefined> {
    return (await this.promptVersions(role)).findLast((v) => v.status === "active");
  }

  /**
   * Stores a new version of a role's prompt; the version number is assigned here.
   * A new active version retires the previous active one.
   */
  async addPromptVersion(input: Omit<PromptVersion, "version" | "createdAt"> & { createdAt?: string }): Promise<PromptVersion> {
    const existing = await this.promptVersions(input.role);
    if (input.parent !== null && !existing.some((v) => v.version === input.parent)) {
      throw new PromptVersionError(`${input.role} has no version ${input.parent} to derive from`);
    }
    const version = PromptVersion.parse({
      ...input,
      version: (existing.at(-1)?.version ?? 0) + 1,
      createdAt: input.createdAt ?? new Date().toISOString(),
    });
    const changes = [version];
    if (version.status === "active") {
      changes.push(...existing.filter((v) => v.status === "active").map((v) => ({ ...v, status: "retired" as const })));
    }
    await this.writePrompts(changes);
    return version;
  }

  /** Changes a version's status; activating one retires the role's other active version. */
  async setPromptStatus(role: Role, version: number, status: PromptStatus): Promise<PromptVersion> {
    const existing = await this.promptVersions(role);
    const target = existing.find((v) => v.version === version);
    if (!target) throw new PromptVersionError(`${role} has no prompt version ${version}`);
    const changes = [{ ...target, status }];
    if (status === "active") {
      changes.push(
        ...existing.filter((v) => v.status === "active" && v.version !== version).map((v) => ({ ...v, status: "retired" as const })),
      );
    }
    await this.writePrompts(changes);
    return changes[0]!;
  }

  private async writePrompts(versions: PromptVersion[]): Promise<void> {
    servingPromptsCache.delete(this.prompts.id);
    promptWrites.set(this.prompts.id, (promptWrites.get(this.prompts.id) ?? 0) + 1);
    const vectors = await this.embeddings.embedDocuments(versions.map(renderPromptText));
    await withChromaErrors("write prompt versions", () =>
      this.prompts.upsert({
        ids: versions.map((v) => promptId(v.role, v.version)),
        embeddings: vectors,
        documents: versions.map(renderPromptText),
        metadatas: versions.map(
          (v): Metadata => ({ role: v.role, version: v.version, status: v.status, record: JSON.stringify(v) }),
        ),
      }),
    );
    // Again once written: a read that ran during the upsert may hold the versions from before it.
    servingPromptsCache.delete(this.prompts.id);
    promptWrites.set(this.prompts.id, (promptWrites.get(this.prompts.id) ?? 0) + 1);
  }

  // ---------- diagnostic procedures ----------

  /** Stores or replaces procedures; each symptom is indexed on its own so any phrasing can find it. */
  async saveProcedures(input: Procedure[]): Promise<void> {
    // The last of several versions of one procedure wins, as when they were saved one by one.
    const procedures = [...new Map(input.map((p) => Procedure.parse(p)).map((p) => [p.id, p])).values()];
    if (procedures.length === 0) return;
    // One delete and one write for all of them: each Chroma write costs a round trip and a log flush.
    const ids = procedures.map((procedure) => procedure.id);
    await withChromaErrors("replace procedures", () => this.procedures.delete({ where: { procedureId: { $in: ids } } }));
    const symptoms = procedures.flatMap((procedure) => procedure.symptoms.map((symptom, index) => ({ procedure, symptom, index })));
    const vectors = await this.embeddings.embedDocuments(symptoms.map(({ procedure, symptom }) => `${procedure.title}: ${symptom}`));
    await withChromaErrors("write procedures", () =>
      this.procedures.upsert({
        ids: symptoms.map(({ procedure, index }) => `${procedure.id}#${index}`),
        embeddings: vectors,
        documents: symptoms.map(({ symptom }) => symptom),
        metadatas: symptoms.map(({ procedure }): Metadata => ({ procedureId: procedure.id, layer: procedure.layer, record: JSON.stringify(procedure) })),
      }),
    );
  }

  async procedure(id: string): Promise<Procedure | undefined> {
    const result = await withChromaErrors("read a procedure", () =>
      this.procedures.get({ where: { procedureId: id }, limit: 1, include: ["metadatas"] }),
    );
    const metadata = result.metadatas[0];
    return metadata ? Procedure.parse(JSON.parse(String(metadata.record))) : undefined;
  }

  async listProcedures(): Promise<Procedure[]> {
    const result = await withChromaErrors("list procedures", () => this.procedures.get({ include: ["metadatas"] }));
    const byId = new Map<string, Procedure>();
    for (const metadata of result.metadatas) {
      const id = String(metadata?.procedureId);
      if (metadata && !byId.has(id)) byId.set(id, Procedure.parse(JSON.parse(String(metadata.record))));
    }
    return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Procedures ranked by how closely their symptoms match a problem description. */
  async findProcedures(problem: string, k = 3): Promise<ProcedureMatch[]> {
    const [vector] = await this.embeddings.embedDocuments([problem]);
    const result = await withChromaErrors("search procedures", () =>
      this.procedures.query({ queryEmbeddings: [vector!], nResults: k * 4, include: ["metadatas", "documents", "distances"] }),
    );
    const best = new Map<string, ProcedureMatch>();
    (result.ids[0] ?? []).forEach((_, index) => {
      const metadata = result.metadatas[0]?.[index];
      if (!metadata) return;
      const id = String(metadata.procedureId);
      if (best.has(id)) return; // results come best first
      best.set(id, {
        procedure: Procedure.parse(JSON.parse(String(metadata.record))),
        similarity: 1 - (result.distances[0]?.[index] ?? 1),
        matchedSymptom: result.documents[0]?.[index] ?? "",
      });
    });
    return [...best.values()].slice(0, k);
  }

  async counts(): Promise<{ prompts: number; procedureSymptoms: number }> {
    const [prompts, procedureSymptoms] = await withChromaErrors("count procedural memory", () =>
      Promise.all([this.prompts.count(), this.procedures.count()]),
    );
    return { prompts, procedureSymptoms };
  }
}

const promptId = (role: Role, version: number) => `${role}@v${version}`;

/** The prompt as one text: sections in order under their titles. */
export function renderPromptText(version: Pick<PromptVersion, "sections">): string {
  return version.sections.map((section) => `## ${section.title}\n${section.text}`).join("\n\n");
}
