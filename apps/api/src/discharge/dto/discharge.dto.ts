import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  DISCHARGE_OUTCOMES,
  MEDICINE_CHANGES,
  PATHWAYS,
  RESPECT_STATUSES,
  type DischargeOutcome,
  type MedicineChangeKind,
  type Pathway,
  type RespectStatus,
} from '@frontdoor/domain';
import { Nested } from '../../referrals/dto/validators';

/**
 * The body of the `discharge` action, without `version` (the action endpoint's own DTO adds
 * it). Unknown fields are refused at every level; every text is bounded. `gpActions` sits at
 * the top level, as the API contract names it (`discharge` (`outcome`, `summary`,
 * `gpActions`)); it is stored and rendered as part of the summary.
 */
const oneOf = (values: readonly string[]) => ({ message: `must be one of: ${values.join(', ')}` });
const NOT_BLANK = /\S/;
const notBlank = { message: 'must not be blank' };

export const DISCHARGE_TEXT_LIMITS = {
  reasonForReferral: 2_000,
  whatWasDone: 4_000,
  informationGiven: 2_000,
  medicine: 200,
  medicineReason: 500,
  advanceCarePlanNotes: 1_000,
  gpAction: 500,
} as const;

export class MedicineChangeDto {
  @ApiProperty({ example: 'Amlodipine 5 mg tablets' })
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(DISCHARGE_TEXT_LIMITS.medicine)
  medicine!: string;

  @ApiProperty({ enum: MEDICINE_CHANGES })
  @IsIn(MEDICINE_CHANGES, oneOf(MEDICINE_CHANGES))
  change!: MedicineChangeKind;

  @ApiProperty({ example: 'Postural hypotension after the fall' })
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(DISCHARGE_TEXT_LIMITS.medicineReason)
  reason!: string;
}

export class AdvanceCarePlanDto {
  @ApiProperty({ enum: RESPECT_STATUSES })
  @IsIn(RESPECT_STATUSES, oneOf(RESPECT_STATUSES))
  respect!: RespectStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(DISCHARGE_TEXT_LIMITS.advanceCarePlanNotes)
  notes?: string;
}

export class DischargeSummaryDto {
  @ApiProperty({ example: 'Fall at the care home; unable to get up.' })
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(DISCHARGE_TEXT_LIMITS.reasonForReferral)
  reasonForReferral!: string;

  @ApiProperty({ enum: PATHWAYS, isArray: true, example: ['ucr', 'falls'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PATHWAYS.length)
  @ArrayUnique()
  @IsIn(PATHWAYS, { each: true, ...oneOf(PATHWAYS) })
  pathways!: Pathway[];

  @ApiProperty({ example: 'Assessed within 2 hours; five days of therapy at home.' })
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(DISCHARGE_TEXT_LIMITS.whatWasDone)
  whatWasDone!: string;

  @ApiProperty({ type: [MedicineChangeDto], description: 'May be empty, must be present' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'each must be an object' })
  @ValidateNested({ each: true })
  @Type(() => MedicineChangeDto)
  medicinesChanges!: MedicineChangeDto[];

  @ApiProperty({ type: AdvanceCarePlanDto })
  @IsDefined()
  @Nested(() => AdvanceCarePlanDto)
  advanceCarePlan!: AdvanceCarePlanDto;

  @ApiProperty({ example: 'Falls prevention leaflet; the care home has the exercise plan.' })
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(DISCHARGE_TEXT_LIMITS.informationGiven)
  informationGiven!: string;
}

export class DischargeDto {
  @ApiProperty({ enum: DISCHARGE_OUTCOMES })
  @IsIn(DISCHARGE_OUTCOMES, oneOf(DISCHARGE_OUTCOMES))
  outcome!: DischargeOutcome;

  @ApiProperty({ type: DischargeSummaryDto })
  @IsDefined()
  @Nested(() => DischargeSummaryDto)
  summary!: DischargeSummaryDto;

  @ApiProperty({
    type: [String],
    description: 'Actions requested of the GP; may be empty, must be present',
    example: ['Review blood pressure in two weeks'],
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(NOT_BLANK, { each: true, ...notBlank })
  @MaxLength(DISCHARGE_TEXT_LIMITS.gpAction, { each: true })
  gpActions!: string[];
}
