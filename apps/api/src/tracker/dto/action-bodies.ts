import { IntersectionType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import {
  PATHWAYS,
  TEAM_PATHWAYS,
  URGENCIES,
  type Action,
  type Pathway,
  type Urgency,
} from '@frontdoor/domain';
import { DischargeDto } from '../../discharge/dto/discharge.dto';

const oneOf = (codes: readonly string[]) => ({ message: `must be one of: ${codes.join(', ')}` });
/** A reason in words: blank or spaces-only text is no reason (clinical safety, HAZ-019). */
const Reason = () => (target: object, key: string) => {
  IsString()(target, key);
  ValidateBy({
    name: 'isReason',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && value.trim().length >= 3,
      defaultMessage: () => 'must say why, in a few words',
    },
  })(target, key);
  MaxLength(2000)(target, key);
};

/** Every action carries the version the person saw: a stale one is refused (409). */
export class ActionBody {
  // A number, as sent: no coercion, or "1", true and [1] would all pass for version 1.
  @IsInt()
  @Min(1)
  version!: number;
}

export class ReasonBody extends ActionBody {
  @Reason() reason!: string;
}

export class OverrideTriageBody extends ActionBody {
  @IsIn(PATHWAYS, oneOf(PATHWAYS)) pathway!: Pathway;
  @IsIn(URGENCIES, oneOf(URGENCIES)) urgency!: Urgency;
  @Reason() reason!: string;
  /** A particular team serving the pathway (reassignment); otherwise routed as at triage. */
  @IsOptional()
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'must be a team code' })
  teamCode?: string;
}

export class RequestInformationBody extends ActionBody {
  @IsString() @MinLength(3) @MaxLength(2000) question!: string;
}

export class ProvideInformationBody extends ActionBody {
  @IsString() @MinLength(1) @MaxLength(4000) answer!: string;
}

export class AssignBody extends ActionBody {
  @IsString() @MinLength(1) @MaxLength(100) clinicianId!: string;
}

export class RecordContactBody extends ActionBody {
  @IsDateString({ strict: true }, { message: 'must be an ISO 8601 date-time' }) at!: string;
  @IsBoolean() faceToFace!: boolean;
  @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}

export class StepBody extends ActionBody {
  @IsIn(TEAM_PATHWAYS, oneOf(TEAM_PATHWAYS)) pathway!: Pathway;
  /** The new pathway's urgency; a new clock starts only if it has a target and none runs. */
  @IsOptional() @IsIn(URGENCIES, oneOf(URGENCIES)) urgency?: Urgency;
  @Reason() reason!: string;
}

export class RedirectBody extends ActionBody {
  @IsString() @MinLength(2) @MaxLength(200) destination!: string;
  @Reason() reason!: string;
}

export class TransferOutBody extends ActionBody {
  @IsString() @MinLength(2) @MaxLength(200) destination!: string;
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export const CANCEL_REASONS = ['duplicate', 'withdrawn', 'died', 'entered_in_error'] as const;

export class CancelBody extends ActionBody {
  @IsIn(CANCEL_REASONS, oneOf(CANCEL_REASONS)) reason!: (typeof CANCEL_REASONS)[number];
  @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

/** Discharge back to general practice: outcome, structured summary and actions for the GP. */
export class DischargeBody extends IntersectionType(ActionBody, DischargeDto) {}

/** The body each action takes. */
export const ACTION_BODIES: Record<Action, new () => ActionBody> = {
  confirm_triage: ActionBody,
  override_triage: OverrideTriageBody,
  request_information: RequestInformationBody,
  provide_information: ProvideInformationBody,
  accept: ActionBody,
  hand_back: ReasonBody,
  assign: AssignBody,
  record_contact: RecordContactBody,
  admit: ActionBody,
  step_up: StepBody,
  step_down: StepBody,
  redirect: RedirectBody,
  transfer_out: TransferOutBody,
  discharge: DischargeBody,
  cancel: CancelBody,
};
