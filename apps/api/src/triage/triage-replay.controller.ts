import {
  Body,
  Controller,
  HttpCode,
  Inject,
  Post,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DataSource } from 'typeorm';
import { storedReferralsForReplay } from '@frontdoor/persistence';
import { TRIAGE_ENGINE } from '@frontdoor/platform';
import {
  createTriageEngine,
  formatProblem,
  ReplayRun,
  RuleSetError,
  type ReplayReport,
  type TriageEngine,
} from '@frontdoor/triage';
import { AccessControl } from '../auth/access-control.service';
import { Requires } from '../auth/access-rule';
import { CallerOf, type Caller } from '../auth/caller';
import { invalidFields } from '../http/validation';

/** Limits of a replay request (the api's body limit, 1 MiB by default, applies as well). */
export const REPLAY_LIMITS = {
  files: 50,
  fileChars: 256 * 1024,
  referralIds: 1_000,
  defaultReferrals: 500,
  maxReferrals: 5_000,
} as const;

export class CandidateRuleFileDto {
  @ApiProperty({ example: 'red-flags.yaml' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.ya?ml$/, {
    message: 'must be a YAML file name of the rule-set folder (e.g. red-flags.yaml), no folders',
  })
  file!: string;

  @ApiProperty({ description: "The file's YAML text" })
  @IsString()
  @MaxLength(REPLAY_LIMITS.fileChars, {
    message: `must be at most ${REPLAY_LIMITS.fileChars} characters`,
  })
  text!: string;
}

export class TriageReplayDto {
  @ApiProperty({
    type: [CandidateRuleFileDto],
    description: 'The candidate rule set, as its folder: ruleset.yaml and every file it lists',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REPLAY_LIMITS.files)
  @IsObject({ each: true, message: 'each must be an object { file, text }' })
  @ValidateNested({ each: true })
  @Type(() => CandidateRuleFileDto)
  files!: CandidateRuleFileDto[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: REPLAY_LIMITS.referralIds })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REPLAY_LIMITS.referralIds)
  @ArrayUnique({ message: 'must not repeat a referral id' })
  @IsUUID('all', { each: true, message: 'each must be a referral id (a UUID)' })
  referralIds?: string[];

  @ApiPropertyOptional({
    description: 'Only referrals received at or after this instant (ISO 8601)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date or date-time' })
  since?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: REPLAY_LIMITS.maxReferrals,
    default: REPLAY_LIMITS.defaultReferrals,
    description: 'At most this many referrals, the newest first',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(REPLAY_LIMITS.maxReferrals)
  limit?: number;
}

/** The report of `npm run triage:replay`, and the ids asked for that were not replayed. */
export type TriageReplayAnswer = ReplayReport & { missingReferralIds?: string[] };

/**
 * Replays stored referrals with a candidate rule set before it replaces the running one.
 * Reads patient records (each read is audited against the referral) but answers only ids,
 * references and codes; stores nothing but the audit rows.
 */
@ApiTags('triage')
@ApiBearerAuth()
@Controller('api/v1/triage')
export class TriageReplayController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    @Inject(TRIAGE_ENGINE) private readonly engine: TriageEngine,
  ) {}

  @Post('replay')
  @Requires('triage.replay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Re-evaluates stored referrals with a candidate rule set: what would change, and whether a red flag would be lost (admins)',
  })
  @ApiResponse({
    status: 200,
    description: 'The replay report; `safe` is false when a red flag would be lost',
  })
  @ApiResponse({ status: 400, description: 'Invalid fields, each in `details`' })
  @ApiResponse({
    status: 422,
    description: 'The candidate rule set is invalid: every problem in `details`',
  })
  async replay(
    @Body() body: TriageReplayDto,
    @CallerOf() caller: Caller,
  ): Promise<TriageReplayAnswer> {
    const candidate = this.candidate(body.files);
    const limit = body.limit ?? body.referralIds?.length ?? REPLAY_LIMITS.defaultReferrals;
    return this.dataSource.transaction('REPEATABLE READ', async (db) => {
      const detail = {
        currentVersion: this.engine.version,
        candidateVersion: candidate.version,
      };
      const grant = await this.access.check(
        caller,
        'triage.replay',
        {
          detail: {
            ...detail,
            limit,
            ...(body.since && { since: body.since }),
            ...(body.referralIds && { referralIds: body.referralIds.length }),
          },
        },
        db,
      );
      const run = new ReplayRun(this.engine, candidate);
      const replayed = new Set<string>();
      for await (const batch of storedReferralsForReplay(db, {
        ids: body.referralIds,
        since: body.since === undefined ? undefined : new Date(body.since),
        limit,
        batchSize: 1_000,
      })) {
        // Each referral's own trail shows the read, before anything is answered.
        const ids = batch.map((item) => item.id);
        await this.access.recordEach(caller, 'triage.replay', grant, ids, detail, db);
        run.add(batch);
        for (const id of ids) replayed.add(id);
      }
      const report: TriageReplayAnswer = run.report();
      if (body.referralIds) {
        report.missingReferralIds = body.referralIds.filter((id) => !replayed.has(id));
      }
      return report;
    });
  }

  /** The candidate compiled, or a 400 (repeated file) / 422 (every RuleSetError problem). */
  private candidate(files: readonly CandidateRuleFileDto[]): TriageEngine {
    const repeated = files.flatMap((file, index) =>
      files.findIndex((other) => other.file === file.file) < index
        ? [{ field: `files.${index}.file`, message: 'names a file already given' }]
        : [],
    );
    if (repeated.length > 0) throw invalidFields(repeated);
    try {
      return createTriageEngine(files.map(({ file, text }) => ({ file, text })));
    } catch (error) {
      if (!(error instanceof RuleSetError)) throw error;
      const n = error.problems.length;
      throw new UnprocessableEntityException({
        message: `The candidate rule set is invalid (${n} problem${n === 1 ? '' : 's'}); nothing was replayed`,
        details: error.problems.map((problem) => {
          const index = files.findIndex((file) => file.file === problem.file);
          return {
            field: index < 0 ? 'files' : `files.${index}.text`,
            message: formatProblem(problem),
            file: problem.file,
            ...(problem.line !== undefined && { line: problem.line }),
            ...(problem.ruleId !== undefined && { ruleId: problem.ruleId }),
            ...(problem.path !== undefined && { path: problem.path }),
          };
        }),
      });
    }
  }
}
