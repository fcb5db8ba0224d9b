import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../access/principal';
import { Authenticated, CurrentPrincipal } from '../auth/authenticated.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { CreateProductDto, ProductDto, ProductPageDto, ProductQueryDto, UpdateProductDto } from './products.dto';
import { ProductsService } from './products.service';

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @ApiOperation({ summary: 'Register a product or service (vendors)' })
  @Authenticated({ clients: true, scope: 'products:write' })
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateProductDto): Promise<ProductDto> {
    return this.products.create(principal, body);
  }

  @ApiOperation({ summary: "Products you can see: a vendor's own; a pharmacy's or chain's under active contracts" })
  @Authenticated({ clients: true })
  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: ProductQueryDto): Promise<ProductPageDto> {
    return this.products.list(principal, query);
  }

  @ApiOperation({ summary: 'One product' })
  @Authenticated({ clients: true })
  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<ProductDto> {
    return this.products.get(principal, id);
  }

  @ApiOperation({ summary: 'Change a product (its vendor)' })
  @Authenticated({ clients: true, scope: 'products:write' })
  @Patch(':id')
  update(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string, @Body() body: UpdateProductDto): Promise<ProductDto> {
    return this.products.update(principal, id, body);
  }
}
